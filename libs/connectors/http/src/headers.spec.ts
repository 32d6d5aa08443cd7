import { assertHeaderSafeToken, buildJsonHeaders, redactSecret } from './headers';

describe(assertHeaderSafeToken.name, () => {
  const sut = assertHeaderSafeToken;

  it.each(['0123456789abcdef0123456789abcdef01234567', 'nbt_abc123.def456'])(
    'accepts %s',
    (token) => {
      expect(() => sut(token, 'NetBox token')).not.toThrow();
    },
  );

  it.each<[string, string, RegExp]>([
    ['empty', '', /^NetBox token is empty$/],
    ['a trailing line break', 'abc123\n', /stray space or line break/],
    ['an inner space', 'abc 123', /whitespace/],
    ['a header injection', 'abc\r\nX-Admin: 1', /control/],
    ['non-ASCII', 'abcé', /non-ASCII/],
  ])('rejects %s without echoing the token', (_case, token, message) => {
    let thrown: unknown;
    try {
      sut(token, 'NetBox token');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(message);
    if (token.length > 0) expect((thrown as Error).message).not.toContain(token);
  });
});

describe(buildJsonHeaders.name, () => {
  const sut = buildJsonHeaders;

  it('asks for and sends JSON', () => {
    expect(sut('Token abc')).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: 'Token abc',
    });
  });

  it('takes a custom Accept, e.g. with an API version', () => {
    expect(sut('Token abc', 'application/json; version=2.4').Accept).toBe(
      'application/json; version=2.4',
    );
  });
});

describe(redactSecret.name, () => {
  const sut = redactSecret;

  it.each<[string, string]>([
    ['0123456789abcdef0123456789abcdef0123cafe', '****cafe'],
    ['short-secret', '****'],
    ['', '****'],
  ])('%p -> %p', (secret, expected) => {
    expect(sut(secret)).toBe(expected);
  });
});
