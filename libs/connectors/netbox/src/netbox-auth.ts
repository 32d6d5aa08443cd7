import { assertHeaderSafeToken, buildJsonHeaders, redactSecret } from '@plumbline/connector-http';

/** v2 tokens (NetBox 4.5+) read `nbt_<key>.<secret>`; everything else is a legacy v1 token. */
export const NETBOX_V2_TOKEN_PREFIX = 'nbt_';

export type NetboxTokenVersion = 'v1' | 'v2';

export function netboxTokenVersion(token: string): NetboxTokenVersion {
  return token.startsWith(NETBOX_V2_TOKEN_PREFIX) ? 'v2' : 'v1';
}

/**
 * The Authorization header value: v2 tokens go as `Bearer`, v1 tokens as `Token`. Sending
 * a token under the other scheme gets a 403 "Invalid v1/v2 token" from NetBox.
 */
export function netboxAuthorization(token: string): string {
  assertHeaderSafeToken(token, 'NetBox token');
  return netboxTokenVersion(token) === 'v2' ? `Bearer ${token}` : `Token ${token}`;
}

/** Headers for every NetBox REST request: JSON both ways, and the token. */
export function buildNetboxHeaders(token: string): Record<string, string> {
  return buildJsonHeaders(netboxAuthorization(token));
}

/**
 * A token as it may appear in logs. A v2 token keeps its key, which NetBox shows in its
 * token list to identify the token and which cannot authenticate on its own; the secret
 * after the dot never appears.
 */
export function redactToken(token: string): string {
  if (netboxTokenVersion(token) === 'v2') {
    const dot = token.indexOf('.');
    const key = dot > NETBOX_V2_TOKEN_PREFIX.length ? token.slice(0, dot) : NETBOX_V2_TOKEN_PREFIX;
    return `${key}.****`;
  }
  return redactSecret(token);
}
