import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, SecretBox } from '@plumbline/server-config';
import { type OAuthSigningKeyEntity } from '@plumbline/server-database';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { type NewSigningKey, SigningKeysRepository } from './signing-keys.repository';

/** How long a process trusts its view of the active key before asking PostgreSQL again. */
export const ACTIVE_KEY_REFRESH_MS = 30_000;
/** Unknown kids reload the keys at most this often, so forged kids cannot flood the database. */
export const UNKNOWN_KID_RELOAD_MS = 1_000;
/**
 * A retired key keeps verifying (and stays in the JWKS) this long after retirement: a token
 * lives OAUTH2_TOKEN_TTL_SECONDS, plus one refresh period during which another process may
 * still sign with the key it has not yet seen retired.
 */
export function retiredKeyGraceMs(tokenTtlSeconds: number): number {
  return tokenTtlSeconds * 1000 + 2 * ACTIVE_KEY_REFRESH_MS;
}

export interface PublicSigningKey {
  kid: string;
  key: KeyObject;
  jwk: JsonWebKey;
}

interface LoadedKeys {
  loadedAt: number;
  byKid: Map<string, PublicSigningKey>;
  activeKid: string | null;
}

/** Makes an ES256 key pair on P-256; the private half leaves this function sealed. */
export function createSigningKeyMaterial(box: SecretBox): NewSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomBytes(12).toString('base64url');
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKeySealed: box.seal(JSON.stringify(privateKey.export({ format: 'jwk' }))),
    publicJwk: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) },
  };
}

/**
 * The token signing keys, shared by every api process through PostgreSQL. Each process
 * caches them, refreshes the active key every ACTIVE_KEY_REFRESH_MS and reloads on a kid it
 * has not seen, so a rotation made by one process is followed by all without downtime.
 */
@Injectable()
export class SigningKeysService {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly box: SecretBox;
  private readonly privateKeys = new Map<string, KeyObject>();
  private loaded: LoadedKeys | null = null;
  private inFlight: Promise<LoadedKeys> | null = null;
  private lastUnknownKidReload = 0;

  constructor(
    private readonly repository: SigningKeysRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
  }

  /** The key to sign with now: created on first need, refreshed from PostgreSQL when stale. */
  async activeKey(): Promise<{ kid: string; privateKey: KeyObject }> {
    let keys = await this.current();
    if (keys.activeKid === null) {
      const isCreated = await this.repository.insertFirstKey(createSigningKeyMaterial(this.box));
      if (isCreated) this.logger.log('created the first OAuth2 signing key');
      keys = await this.reload();
    }
    // Only unusable keys exist (see below): start a usable one.
    const kid = keys.activeKid ?? (await this.rotate());
    try {
      return { kid, privateKey: await this.privateKeyFor(kid) };
    } catch (error) {
      // Sealed under another ENCRYPTION_KEY, or damaged: tokens must still be issued, and a
      // signing key is disposable, so move to a new one (the old stays published, unusable).
      this.logger.error(
        { kid, reason: (error as Error).message },
        'the active OAuth2 signing key cannot be opened; rotating to a new key',
      );
      const rotated = await this.rotate();
      return { kid: rotated, privateKey: await this.privateKeyFor(rotated) };
    }
  }

  /** The public key for `kid`, reloading once when the kid is new to this process. */
  async publicKey(kid: string): Promise<KeyObject | null> {
    const known = (await this.current()).byKid.get(kid);
    if (known) return known.key;
    const now = Date.now();
    if (now - this.lastUnknownKidReload < UNKNOWN_KID_RELOAD_MS) return null;
    this.lastUnknownKidReload = now;
    return (await this.reload()).byKid.get(kid)?.key ?? null;
  }

  /** Every key a valid token may still be signed with, for `/.well-known/jwks.json`. */
  async publishedKeys(): Promise<JsonWebKey[]> {
    const keys = await this.reload();
    return [...keys.byKid.values()].map((entry) => entry.jwk);
  }

  /** A new active key; the old ones keep verifying until the tokens they signed expire. */
  async rotate(): Promise<string> {
    const material = createSigningKeyMaterial(this.box);
    await this.repository.rotateTo(material);
    this.logger.log({ kid: material.kid }, 'rotated the OAuth2 signing key');
    await this.reload();
    return material.kid;
  }

  private async current(): Promise<LoadedKeys> {
    if (this.loaded && Date.now() - this.loaded.loadedAt < ACTIVE_KEY_REFRESH_MS) {
      return this.loaded;
    }
    return this.reload();
  }

  /** One query at a time per process: concurrent callers share it. */
  private reload(): Promise<LoadedKeys> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async load(): Promise<LoadedKeys> {
    const graceMs = retiredKeyGraceMs(this.config.OAUTH2_TOKEN_TTL_SECONDS);
    const rows = await this.repository.listUsable(new Date(Date.now() - graceMs));
    const byKid = new Map<string, PublicSigningKey>();
    for (const row of rows) {
      try {
        byKid.set(row.kid, toPublicKey(row));
      } catch (error) {
        this.logger.error(
          { kid: row.kid, reason: (error as Error).message },
          'an OAuth2 signing key has an unusable public key; it is left out',
        );
      }
    }
    this.loaded = {
      loadedAt: Date.now(),
      byKid,
      activeKid: pickActive(rows.filter((row) => byKid.has(row.kid)))?.kid ?? null,
    };
    return this.loaded;
  }

  private async privateKeyFor(kid: string): Promise<KeyObject> {
    const cached = this.privateKeys.get(kid);
    if (cached) return cached;
    const row = (await this.repository.listUsable(new Date())).find((entry) => entry.kid === kid);
    if (!row) throw new Error(`Signing key ${kid} is gone`);
    const jwk = JSON.parse(this.box.open(row.privateKeySealed)) as JsonWebKey;
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    this.privateKeys.set(kid, key);
    return key;
  }
}

/** The newest key that is activated and not retired. */
export function pickActive(rows: readonly OAuthSigningKeyEntity[]): OAuthSigningKeyEntity | null {
  let active: OAuthSigningKeyEntity | null = null;
  for (const row of rows) {
    if (row.retiredAt !== null || row.activatedAt === null) continue;
    if (!active || row.activatedAt > active.activatedAt!) active = row;
  }
  return active;
}

function toPublicKey(row: OAuthSigningKeyEntity): PublicSigningKey {
  const jwk = { ...row.publicJwk, kid: row.kid, alg: 'ES256', use: 'sig' };
  return { kid: row.kid, key: createPublicKey({ key: jwk, format: 'jwk' }), jwk };
}
