import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32).toString('base64'));

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = sut.seal('nbt_abc.secret-token');
    expect(sealed).not.toContain('secret-token');
    expect(sealed).toMatch(/^v1:/);
    expect(sut.open(sealed)).toBe('nbt_abc.secret-token');
  });

  it('seals the same secret differently each time', () => {
    expect(sut.seal('same')).not.toBe(sut.seal('same'));
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const sealed = sut.seal('token');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3]!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    parts[3] = flipped.toString('base64');
    expect(() => sut.open(parts.join(':'))).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed)).toThrow(
      /wrong key or tampered/,
    );
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
