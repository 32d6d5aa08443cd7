import { ClientSecretHasher, generateClientId, generateClientSecret } from './client-secret';

describe(ClientSecretHasher.name, () => {
  const sut = new ClientSecretHasher(Buffer.alloc(32, 3).toString('base64'));

  it('verifies the right secret and refuses another', () => {
    const secret = generateClientSecret();
    const stored = sut.hash(secret);
    expect(stored).not.toContain(secret);
    expect(sut.verify(secret, stored)).toBe(true);
    expect(sut.verify(`${secret}x`, stored)).toBe(false);
    expect(sut.verify(secret, 'scrypt$1$2')).toBe(false);
  });

  it('depends on the server key: a hash from another key does not verify', () => {
    const other = new ClientSecretHasher(Buffer.alloc(32, 4).toString('base64'));
    expect(sut.verify('secret', other.hash('secret'))).toBe(false);
  });

  it('makes readable ids and 32-byte secrets', () => {
    expect(generateClientId()).toMatch(/^pl_[A-Za-z0-9_-]{16}$/);
    expect(Buffer.from(generateClientSecret(), 'base64url')).toHaveLength(32);
  });

  it('checks a secret well under a millisecond (the token endpoint’s budget is ~50 ms)', () => {
    const stored = sut.hash('secret');
    const startedAt = process.hrtime.bigint();
    for (let round = 0; round < 1000; round += 1) sut.verify('secret', stored);
    expect(Number(process.hrtime.bigint() - startedAt) / 1e6 / 1000).toBeLessThan(1);
  });
});
