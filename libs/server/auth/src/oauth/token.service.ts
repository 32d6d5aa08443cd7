import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { isScope, type Scope } from '../scopes';
import { TokenRequestError } from './oauth.errors';
import { OAuthClientsService } from './oauth-clients.service';
import { SigningKeysService } from './signing-keys.service';
import { parseTokenRequest } from './token-request';

export const ACCESS_TOKEN_AUDIENCE = 'plumbline-api';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** The scopes to grant: those asked for when all are the client's, else all of the client's. */
export function grantScopes(
  clientScopes: readonly string[],
  requested: readonly string[] | undefined,
): Scope[] {
  const allowed = clientScopes.filter(isScope);
  if (requested === undefined) return allowed;
  const refused = requested.filter((scope) => !allowed.includes(scope as Scope));
  if (refused.length > 0) {
    throw new TokenRequestError(
      'invalid_scope',
      `Not granted to this client: ${refused.join(' ')}`,
    );
  }
  return requested as Scope[];
}

@Injectable()
export class TokenService {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly keys: SigningKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** RFC 6749 §4.4: the client-credentials grant. */
  async issue(authorization: string | undefined, body: unknown): Promise<TokenResponse> {
    const request = parseTokenRequest(authorization, body);
    const usedBasic = request.authMethod === 'client_secret_basic';
    const client = await this.clients.authenticate(request.clientId, request.clientSecret);
    if (!client) {
      throw new TokenRequestError('invalid_client', 'Unknown client or wrong secret', usedBasic);
    }
    if (client.isDisabled) {
      throw new TokenRequestError('unauthorized_client', 'This client is disabled', usedBasic);
    }
    const scopes = grantScopes(client.scopes, request.requestedScopes);
    if (scopes.length === 0) {
      throw new TokenRequestError('invalid_scope', 'This client has no scopes', usedBasic);
    }
    const { kid, privateKey } = await this.keys.activeKey();
    const ttl = this.config.OAUTH2_TOKEN_TTL_SECONDS;
    const scope = scopes.join(' ');
    const accessToken = sign({ client_id: client.clientId, scope }, privateKey, {
      algorithm: 'ES256',
      keyid: kid,
      issuer: this.config.OAUTH2_ISSUER,
      subject: client.clientId,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: ttl,
      jwtid: randomUUID(),
    });
    this.clients.recordUse(client.clientId);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope };
  }
}
