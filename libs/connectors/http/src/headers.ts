export const JSON_MEDIA_TYPE = 'application/json';

/**
 * Rejects a token that cannot travel in an HTTP header as is: empty, with whitespace or
 * control characters (header injection, or a pasted line break), or outside ASCII.
 * Never echoes the token itself.
 */
export function assertHeaderSafeToken(token: string, label: string): void {
  if (typeof token !== 'string' || token.length === 0) {
    throw new TypeError(`${label} is empty`);
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(
      `${label} contains whitespace, control or non-ASCII characters; check for a stray space or line break`,
    );
  }
}

/** Default headers of a JSON REST client. */
export function buildJsonHeaders(
  authorization: string,
  accept: string = JSON_MEDIA_TYPE,
): Record<string, string> {
  return {
    Accept: accept,
    'Content-Type': JSON_MEDIA_TYPE,
    Authorization: authorization,
  };
}

/** Shows only the last four characters, and only of a long secret, to tell tokens apart. */
export function redactSecret(secret: string): string {
  const MIN_LENGTH_TO_HINT = 20;
  return secret.length >= MIN_LENGTH_TO_HINT ? `****${secret.slice(-4)}` : '****';
}
