import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type TrustedIssuer } from '@plumbline/server-config';
import { decode, type JwtPayload } from 'jsonwebtoken';
import { type KeyObject } from 'node:crypto';
import { type AuthenticatedPrincipal } from '../auth.constants';
import { AuthService } from '../auth.service';
import { isScope, parseScopeString, type Scope } from '../scopes';
import { OAuthClientsService } from './oauth-clients.service';
import { SigningKeysService } from './signing-keys.service';
import { ACCESS_TOKEN_AUDIENCE } from './token.service';
import { TrustedIssuersService } from './trusted-issuers.service';

/** Login tokens (HS256 under JWT_SECRET) name this issuer. */
export const LOGIN_TOKEN_ISSUER = 'plumbline';
export const ACCEPTED_ALGORITHMS = ['HS256', 'ES256', 'ES384', 'RS256', 'PS256'] as const;

/** Which kind of token a request carries, decided from its header and issuer before verifying. */
export type TokenSource =
  { kind: 'user' } | { kind: 'client' } | { kind: 'external'; issuer: TrustedIssuer };

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

/**
 * Picks the key a bearer token must verify under (by `alg`, `iss` and `kid`) and turns a
 * verified payload into the request's principal. The signature check itself is passport-jwt's.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly auth: AuthService,
    private readonly signingKeys: SigningKeysService,
    private readonly clients: OAuthClientsService,
    private readonly trustedIssuers: TrustedIssuersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async resolveKey(rawToken: string): Promise<{ source: TokenSource; key: KeyObject | string }> {
    const decoded = decode(rawToken, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') {
      throw new TokenRejectedError('Not a JWT');
    }
    const { alg, kid } = decoded.header;
    const issuer = decoded.payload.iss;
    if (alg === 'HS256') {
      if (issuer !== LOGIN_TOKEN_ISSUER) throw new TokenRejectedError('Unknown issuer');
      return { source: { kind: 'user' }, key: this.config.JWT_SECRET };
    }
    if (issuer === this.config.OAUTH2_ISSUER) {
      if (alg !== 'ES256' || kid === undefined) throw new TokenRejectedError('Wrong algorithm');
      const key = await this.signingKeys.publicKey(kid);
      if (!key) throw new TokenRejectedError('Unknown signing key');
      return { source: { kind: 'client' }, key };
    }
    const trusted = issuer === undefined ? undefined : this.trustedIssuers.find(issuer);
    if (!trusted) throw new TokenRejectedError('Unknown issuer');
    const key = await this.trustedIssuers.publicKey(trusted, kid);
    if (!key) throw new TokenRejectedError('Unknown signing key');
    return { source: { kind: 'external', issuer: trusted }, key };
  }

  /** The principal for a payload whose signature, expiry and issuer are already checked. */
  async principalFor(
    source: TokenSource,
    payload: JwtPayload,
  ): Promise<AuthenticatedPrincipal | null> {
    if (source.kind === 'user') {
      return typeof payload.sub === 'string' ? this.auth.principalFor(payload.sub) : null;
    }
    if (source.kind === 'client') {
      if (!hasAudience(payload, ACCESS_TOKEN_AUDIENCE)) return null;
      const clientId: unknown = payload['client_id'];
      if (typeof clientId !== 'string') return null;
      const client = await this.clients.activeClient(clientId);
      if (!client) return null;
      // A scope taken away from the client since the token was issued no longer counts.
      const scopes = scopesOf(payload).filter((scope) => client.scopes.includes(scope));
      return { kind: 'client', id: client.clientId, name: client.name, scopes };
    }
    const audience = source.issuer.audience;
    if (audience !== undefined && !hasAudience(payload, audience)) return null;
    const name = [payload['client_id'], payload['azp'], payload.sub].find(
      (value): value is string => typeof value === 'string' && value.length > 0,
    );
    if (name === undefined) return null;
    return { kind: 'client', id: name, name, scopes: scopesOf(payload) };
  }
}

/** Scopes from `scope` (space-separated) or `scp` (an array); unknown ones are ignored. */
export function scopesOf(payload: JwtPayload): Scope[] {
  const scope: unknown = payload['scope'];
  const scp: unknown = payload['scp'];
  const raw =
    typeof scope === 'string'
      ? parseScopeString(scope)
      : Array.isArray(scp)
        ? (scp as unknown[]).filter((entry): entry is string => typeof entry === 'string')
        : typeof scp === 'string'
          ? parseScopeString(scp)
          : [];
  return [...new Set(raw.filter(isScope))];
}

function hasAudience(payload: JwtPayload, audience: string): boolean {
  const aud = payload.aud;
  return Array.isArray(aud) ? aud.includes(audience) : aud === audience;
}
