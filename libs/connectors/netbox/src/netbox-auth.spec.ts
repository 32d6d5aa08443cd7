import {
  buildNetboxHeaders,
  netboxAuthorization,
  netboxTokenVersion,
  redactToken,
} from './netbox-auth';

const V1_TOKEN = '0123456789abcdef0123456789abcdef0123cafe';
const V2_TOKEN = 'nbt_Q7x2kP9mL4aB.9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';

describe(netboxTokenVersion.name, () => {
  const sut = netboxTokenVersion;

  it.each<[string, string, 'v1' | 'v2']>([
    ['a v2 token', V2_TOKEN, 'v2'],
    ['a v1 token', V1_TOKEN, 'v1'],
    ['a v1 token that merely contains nbt_', `abc${V2_TOKEN}`, 'v1'],
    ['an upper-case NBT_ (not the v2 prefix)', 'NBT_abc.def', 'v1'],
  ])('%s -> %s', (_case, token, expected) => {
    expect(sut(token)).toBe(expected);
  });
});

describe(netboxAuthorization.name, () => {
  const sut = netboxAuthorization;

  it('sends a v2 token as Bearer', () => {
    expect(sut(V2_TOKEN)).toBe(`Bearer ${V2_TOKEN}`);
  });

  it('sends a v1 token as Token', () => {
    expect(sut(V1_TOKEN)).toBe(`Token ${V1_TOKEN}`);
  });

  it.each<[string, string]>([
    ['an empty token', ''],
    ['a token with a trailing line break (pasted from a file)', `${V1_TOKEN}\n`],
    ['a token with a space', 'nbt_abc .def'],
  ])('refuses %s, without echoing it', (_case, token) => {
    const message = messageThrownBy(() => sut(token));

    expect(message).toMatch(/^NetBox token /);
    if (token.length > 0) expect(message).not.toContain(token);
  });
});

describe(buildNetboxHeaders.name, () => {
  const sut = buildNetboxHeaders;

  it.each<[string, string, string]>([
    ['v2', V2_TOKEN, `Bearer ${V2_TOKEN}`],
    ['v1', V1_TOKEN, `Token ${V1_TOKEN}`],
  ])('builds JSON headers with a %s token', (_version, token, authorization) => {
    expect(sut(token)).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: authorization,
    });
  });

  it('produces headers that fetch accepts', () => {
    const headers = new Headers(sut(V2_TOKEN));

    expect(headers.get('authorization')).toBe(`Bearer ${V2_TOKEN}`);
  });
});

describe(redactToken.name, () => {
  const sut = redactToken;

  it.each<[string, string, string, string]>([
    [
      'a v2 token keeps its key only',
      V2_TOKEN,
      'nbt_Q7x2kP9mL4aB.****',
      '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
    ],
    ['a v2 token without a dot', 'nbt_secretwithoutdot', 'nbt_.****', 'secretwithoutdot'],
    ['a v2 token starting with a dot', 'nbt_.secret', 'nbt_.****', 'secret'],
    [
      'a v1 token keeps its last four characters',
      V1_TOKEN,
      '****cafe',
      '0123456789abcdef0123456789abcdef0123',
    ],
    ['a short v1 token shows nothing', 'abc123', '****', 'abc123'],
  ])('%s', (_case, token, expected, secretPart) => {
    const redacted = sut(token);

    expect(redacted).toBe(expected);
    expect(redacted).not.toContain(secretPart);
  });
});

function messageThrownBy(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
