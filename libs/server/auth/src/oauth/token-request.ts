import { parseScopeString } from '../scopes';
import { TokenRequestError } from './oauth.errors';

export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  authMethod: 'client_secret_basic' | 'client_secret_post';
  /** The scopes asked for; undefined when the request named none (all of the client's). */
  requestedScopes: string[] | undefined;
}

// RFC 6749 Appendix A.4: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Reads a client-credentials token request (RFC 6749 §4.4) from its Authorization header
 * and body (form-urlencoded or JSON, already parsed). Throws TokenRequestError with the
 * RFC 6749 §5.2 code for anything malformed.
 */
export function parseTokenRequest(authorization: string | undefined, body: unknown): TokenRequest {
  const params = readParams(body);
  const basic = authorization === undefined ? undefined : readBasic(authorization);
  const usedBasic = basic !== undefined;

  const grantType = params.get('grant_type');
  if (grantType === undefined) {
    throw new TokenRequestError('invalid_request', 'grant_type is required', usedBasic);
  }
  if (grantType !== 'client_credentials') {
    throw new TokenRequestError(
      'unsupported_grant_type',
      'Only the client_credentials grant is supported',
      usedBasic,
    );
  }

  const scope = params.get('scope');
  let requestedScopes: string[] | undefined;
  if (scope !== undefined && scope.trim() !== '') {
    requestedScopes = parseScopeString(scope);
    if (!requestedScopes.every((token) => SCOPE_TOKEN.test(token))) {
      throw new TokenRequestError('invalid_scope', 'scope holds invalid characters', usedBasic);
    }
  }

  const postedId = params.get('client_id');
  const postedSecret = params.get('client_secret');
  if (basic) {
    // RFC 6749 §2.3: a client uses one authentication method per request.
    if (postedSecret !== undefined) {
      throw new TokenRequestError(
        'invalid_request',
        'Use either HTTP Basic or client_secret in the body, not both',
        true,
      );
    }
    if (postedId !== undefined && postedId !== basic.clientId) {
      throw new TokenRequestError(
        'invalid_request',
        'client_id in the body differs from the one in the Authorization header',
        true,
      );
    }
    return { ...basic, authMethod: 'client_secret_basic', requestedScopes };
  }
  if (postedId === undefined || postedSecret === undefined) {
    throw new TokenRequestError(
      'invalid_client',
      'Client authentication is required (HTTP Basic, or client_id and client_secret)',
    );
  }
  return {
    clientId: postedId,
    clientSecret: postedSecret,
    authMethod: 'client_secret_post',
    requestedScopes,
  };
}

/** Body parameters as single strings; a repeated or non-string parameter is malformed. */
function readParams(body: unknown): Map<string, string> {
  const params = new Map<string, string>();
  if (body === undefined || body === null || body === '') return params;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new TokenRequestError(
      'invalid_request',
      'The body must be application/x-www-form-urlencoded or a JSON object',
    );
  }
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') {
      throw new TokenRequestError('invalid_request', `${name} must be given once, as a string`);
    }
    params.set(name, value);
  }
  return params;
}

/** HTTP Basic credentials, each part form-urlencoded as RFC 6749 §2.3.1 requires. */
function readBasic(header: string): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]*)\s*$/i.exec(header);
  if (!match) {
    if (/^Basic\b/i.test(header)) {
      throw new TokenRequestError('invalid_client', 'Malformed Basic credentials', true);
    }
    // Another scheme (a bearer token, say) does not authenticate a client here.
    return undefined;
  }
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new TokenRequestError('invalid_client', 'Malformed Basic credentials', true);
  }
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw new TokenRequestError('invalid_client', 'Malformed Basic credentials', true);
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
