import { SecretBox } from '@plumbline/server-config';
import { type OAuthSigningKeyEntity } from '@plumbline/server-database';
import { createPrivateKey, createPublicKey, type JsonWebKey, sign, verify } from 'node:crypto';
import { createSigningKeyMaterial, pickActive, retiredKeyGraceMs } from './signing-keys.service';

function row(kid: string, activatedAt: string | null, retiredAt: string | null = null) {
  return {
    kid,
    activatedAt: activatedAt === null ? null : new Date(activatedAt),
    retiredAt: retiredAt === null ? null : new Date(retiredAt),
  } as OAuthSigningKeyEntity;
}

describe('signing keys', () => {
  it('picks the newest activated key that is not retired', () => {
    const sut = pickActive([
      row('old', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      row('current', '2026-02-01T00:00:00Z'),
      row('pending', null),
      row('older', '2025-12-01T00:00:00Z'),
    ]);
    expect(sut?.kid).toBe('current');
    expect(pickActive([row('gone', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')])).toBeNull();
  });

  it('keeps a retired key valid longer than a token lives', () => {
    expect(retiredKeyGraceMs(3600)).toBeGreaterThan(3600 * 1000);
  });

  it('makes a P-256 pair whose sealed private half signs what the public JWK verifies', () => {
    const box = new SecretBox(Buffer.alloc(32, 9).toString('base64'));
    const sut = createSigningKeyMaterial(box);
    expect(sut.privateKeySealed).not.toContain('"d"');
    expect(sut.publicJwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
    });
    const privateKey = createPrivateKey({
      key: JSON.parse(box.open(sut.privateKeySealed)) as JsonWebKey,
      format: 'jwk',
    });
    const signature = sign('sha256', Buffer.from('payload'), privateKey);
    const publicKey = createPublicKey({ key: sut.publicJwk, format: 'jwk' });
    expect(verify('sha256', Buffer.from('payload'), publicKey, signature)).toBe(true);
  });
});
