import { SecretBox } from '@plumbline/server-config';
import { type OAuthSigningKeyEntity } from '@plumbline/server-database';
import { createPrivateKey, createPublicKey, type JsonWebKey, sign, verify } from 'node:crypto';
import { type AppConfig } from '@plumbline/server-config';
import { type NewSigningKey, type SigningKeysRepository } from './signing-keys.repository';
import {
  createSigningKeyMaterial,
  pickActive,
  retiredKeyGraceMs,
  SigningKeysService,
} from './signing-keys.service';

/** The repository's contract, kept in memory: this spec is about the service's choices. */
class KeysInMemory {
  rows: OAuthSigningKeyEntity[] = [];

  listUsable(): Promise<OAuthSigningKeyEntity[]> {
    return Promise.resolve(this.rows.filter((entry) => entry.retiredAt === null));
  }

  insertFirstKey(key: NewSigningKey): Promise<boolean> {
    if (this.rows.some((entry) => entry.retiredAt === null)) return Promise.resolve(false);
    this.add(key);
    return Promise.resolve(true);
  }

  rotateTo(key: NewSigningKey): Promise<void> {
    for (const entry of this.rows) entry.retiredAt ??= new Date();
    this.add(key);
    return Promise.resolve();
  }

  add(key: NewSigningKey, activatedAt = new Date()): void {
    this.rows.push({ ...key, algorithm: 'ES256', activatedAt, retiredAt: null } as never);
  }
}

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

  describe(SigningKeysService.name, () => {
    const config = {
      ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      OAUTH2_TOKEN_TTL_SECONDS: 3600,
    } as AppConfig;

    it('moves to a new key when the active one was sealed under another ENCRYPTION_KEY', async () => {
      const keys = new KeysInMemory();
      keys.add(createSigningKeyMaterial(new SecretBox(Buffer.alloc(32, 1).toString('base64'))));
      const sut = new SigningKeysService(keys as unknown as SigningKeysRepository, config);

      const active = await sut.activeKey();

      expect(active.kid).not.toBe(keys.rows[0]?.kid);
      expect(keys.rows.filter((entry) => entry.retiredAt === null)).toHaveLength(1);
      const signature = sign('sha256', Buffer.from('payload'), active.privateKey);
      const published = await sut.publicKey(active.kid);
      expect(verify('sha256', Buffer.from('payload'), published!, signature)).toBe(true);
    });

    it('leaves out a key whose public half is unusable and signs with a new one', async () => {
      const keys = new KeysInMemory();
      keys.add({ kid: 'damaged', privateKeySealed: 'v1:x', publicJwk: { kty: 'EC', x: 'x' } });
      const sut = new SigningKeysService(keys as unknown as SigningKeysRepository, config);

      const active = await sut.activeKey();

      expect(active.kid).not.toBe('damaged');
      expect((await sut.publishedKeys()).map((jwk) => jwk.kid)).toEqual([active.kid]);
    });
  });
});
