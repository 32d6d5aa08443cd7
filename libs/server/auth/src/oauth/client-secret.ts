import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const HASH_SCHEME = 'hmac-sha256';

export function generateClientId(): string {
  return `pl_${randomBytes(12).toString('base64url')}`;
}

/** 32 random bytes: 256 bits of entropy, base64url so it survives forms and Basic headers. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Hashes client secrets with HMAC-SHA256 under a pepper derived from ENCRYPTION_KEY.
 *
 * Why not the scrypt password hasher: scrypt exists to make guessing a low-entropy password
 * expensive, and costs tens of milliseconds of CPU per check, on every token request. Client
 * secrets are 256-bit random values that nobody can guess, so a slow hash adds no
 * protection, only latency and a cheap denial of service. The keyed hash still means a leaked
 * table alone reveals nothing usable: without the server's key the hashes cannot even be
 * tested against candidates.
 */
export class ClientSecretHasher {
  private readonly pepper: Buffer;

  constructor(encryptionKeyBase64: string) {
    // A key of its own, so the HMAC never shares key material with the AES SecretBox.
    this.pepper = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(encryptionKeyBase64, 'base64'),
        Buffer.alloc(0),
        'plumbline oauth2 client secret pepper',
        32,
      ),
    );
  }

  hash(secret: string): string {
    return `${HASH_SCHEME}$${this.digest(secret).toString('base64url')}`;
  }

  verify(secret: string, stored: string): boolean {
    const [scheme, encoded] = stored.split('$');
    if (scheme !== HASH_SCHEME || !encoded) return false;
    const expected = Buffer.from(encoded, 'base64url');
    const actual = this.digest(secret);
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }

  private digest(secret: string): Buffer {
    return createHmac('sha256', this.pepper).update(secret, 'utf8').digest();
  }
}
