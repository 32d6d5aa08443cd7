import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type TrustedIssuer } from '@plumbline/server-config';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** An issuer's JWKS is fetched again (on an unknown kid) at most this often. */
export const JWKS_REFETCH_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

interface IssuerKeys {
  fetchedAt: number;
  byKid: Map<string, KeyObject>;
  inFlight: Promise<void> | null;
}

/**
 * Verification keys of the external token issuers named in OAUTH2_TRUSTED_ISSUERS, from
 * their JWKS URLs, cached per issuer.
 */
@Injectable()
export class TrustedIssuersService {
  private readonly logger = new Logger(TrustedIssuersService.name);
  private readonly issuers: ReadonlyMap<string, TrustedIssuer>;
  private readonly keys = new Map<string, IssuerKeys>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.issuers = new Map(config.OAUTH2_TRUSTED_ISSUERS.map((entry) => [entry.issuer, entry]));
  }

  find(issuer: string): TrustedIssuer | undefined {
    return this.issuers.get(issuer);
  }

  async publicKey(issuer: TrustedIssuer, kid: string | undefined): Promise<KeyObject | null> {
    const state = this.stateOf(issuer.issuer);
    const known = lookup(state.byKid, kid);
    if (known) return known;
    if (Date.now() - state.fetchedAt >= JWKS_REFETCH_MS) await this.refetch(issuer, state);
    return lookup(state.byKid, kid);
  }

  private stateOf(issuer: string): IssuerKeys {
    let state = this.keys.get(issuer);
    if (!state) {
      state = { fetchedAt: 0, byKid: new Map(), inFlight: null };
      this.keys.set(issuer, state);
    }
    return state;
  }

  private refetch(issuer: TrustedIssuer, state: IssuerKeys): Promise<void> {
    state.inFlight ??= this.fetchKeys(issuer, state).finally(() => {
      state.inFlight = null;
    });
    return state.inFlight;
  }

  private async fetchKeys(issuer: TrustedIssuer, state: IssuerKeys): Promise<void> {
    state.fetchedAt = Date.now();
    try {
      const response = await fetch(issuer.jwksUrl, {
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        headers: { Accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      state.byKid = parseJwks(body.keys);
    } catch (error) {
      // Keep the keys we had: an issuer's outage should not log out its clients at once.
      this.logger.warn(
        { issuer: issuer.issuer, reason: (error as Error).message },
        'could not fetch the JWKS of a trusted issuer',
      );
    }
  }
}

/** Signing keys of a JWKS by kid; keys without a kid are stored under the empty string. */
export function parseJwks(keys: unknown): Map<string, KeyObject> {
  const byKid = new Map<string, KeyObject>();
  if (!Array.isArray(keys)) return byKid;
  for (const entry of keys as Array<JsonWebKey & { kid?: unknown; use?: unknown }>) {
    if (entry.use !== undefined && entry.use !== 'sig') continue;
    try {
      const key = createPublicKey({ key: entry, format: 'jwk' });
      byKid.set(typeof entry.kid === 'string' ? entry.kid : '', key);
    } catch {
      // A key type node cannot read is skipped; the others still work.
    }
  }
  return byKid;
}

function lookup(byKid: Map<string, KeyObject>, kid: string | undefined): KeyObject | null {
  if (kid !== undefined) return byKid.get(kid) ?? null;
  // Without a kid, only an issuer with exactly one key is unambiguous.
  return byKid.size === 1 ? ([...byKid.values()][0] ?? null) : null;
}
