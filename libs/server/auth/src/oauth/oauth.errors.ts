export class OAuthClientNotFoundError extends Error {
  override readonly name = 'OAuthClientNotFoundError';

  constructor(readonly id: string) {
    super(`OAuth2 client ${id} does not exist`);
  }
}

export class OAuthClientNameTakenError extends Error {
  override readonly name = 'OAuthClientNameTakenError';
  readonly details: Array<{ field: string; reason: string }>;

  constructor(readonly clientName: string) {
    super(`An OAuth2 client named "${clientName}" already exists`);
    this.details = [{ field: 'name', reason: 'is already used by another client' }];
  }
}

/** RFC 6749 §5.2 error codes the token endpoint answers with. */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** A refused token request; answered as `{error, error_description}`, not the usual error body. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';

  constructor(
    readonly code: TokenErrorCode,
    readonly description: string,
    /** Whether the client tried HTTP Basic, so a 401 names that scheme (RFC 6749 §5.2). */
    readonly usedBasicAuth = false,
  ) {
    super(description);
  }

  /** Only a failed client authentication is a 401; every other refusal is a 400. */
  get status(): 400 | 401 {
    return this.code === 'invalid_client' ? 401 : 400;
  }
}

export const OAUTH_ERROR_STATUSES = {
  OAuthClientNotFoundError: 404,
  OAuthClientNameTakenError: 409,
} as const;
