import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header NetBox and Nautobot put their signature in. */
export const SIGNATURE_HEADER = 'x-hook-signature';

/**
 * What NetBox (`extras.webhooks.generate_signature`) and Nautobot (`extras.utils`) send in
 * `X-Hook-Signature`: hex HMAC-SHA512 of the exact request body, keyed with the webhook secret.
 */
export function signWebhookBody(body: Buffer, secret: string): string {
  return createHmac('sha512', Buffer.from(secret, 'utf8')).update(body).digest('hex');
}

/** Constant-time check of a delivery's signature; a missing or malformed one is invalid. */
export function isValidWebhookSignature(
  body: Buffer,
  secret: string,
  signature: string | undefined,
): boolean {
  if (signature === undefined || !/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  const expected = Buffer.from(signWebhookBody(body, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
