import { assertHeaderSafeToken, buildJsonHeaders, redactSecret } from '@plumbline/connector-http';

/**
 * Nautobot picks the REST API version from the Accept header (Django REST framework's
 * accept-header versioning), e.g. `application/json; version=2.4`. Pinning it keeps the
 * response shapes fixed when the peer is upgraded.
 */
export function nautobotAccept(apiVersion: string): string {
  if (!/^\d+\.\d+$/.test(apiVersion)) {
    throw new TypeError(
      `Nautobot API version must look like MAJOR.MINOR (e.g. 2.4), got ${JSON.stringify(apiVersion)}`,
    );
  }
  return `application/json; version=${apiVersion}`;
}

export function nautobotAuthorization(token: string): string {
  assertHeaderSafeToken(token, 'Nautobot token');
  return `Token ${token}`;
}

export interface NautobotHeaderOptions {
  token: string;
  /** REST API version to request, `MAJOR.MINOR`. */
  apiVersion: string;
}

/** Headers for every Nautobot REST request: JSON, the pinned API version and the token. */
export function buildNautobotHeaders(options: NautobotHeaderOptions): Record<string, string> {
  return buildJsonHeaders(nautobotAuthorization(options.token), nautobotAccept(options.apiVersion));
}

/** A Nautobot token (40 hex characters) as it may appear in logs. */
export function redactToken(token: string): string {
  return redactSecret(token);
}
