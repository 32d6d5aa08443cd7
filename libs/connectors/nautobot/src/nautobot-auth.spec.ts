import {
  buildNautobotHeaders,
  nautobotAccept,
  nautobotAuthorization,
  redactToken,
} from './nautobot-auth';

const TOKEN = 'aaaabbbbccccddddeeeeffff0000111122223333';

describe(nautobotAccept.name, () => {
  const sut = nautobotAccept;

  it.each<[string, string]>([
    ['2.4', 'application/json; version=2.4'],
    ['3.2', 'application/json; version=3.2'],
    ['10.12', 'application/json; version=10.12'],
  ])('%s -> %s', (version, expected) => {
    expect(sut(version)).toBe(expected);
  });

  it.each(['', '3', '3.2.1', 'v3.2', '3.x', ' 3.2', '3.2; q=1'])('rejects %p', (version) => {
    expect(() => sut(version)).toThrow(/Nautobot API version must look like MAJOR.MINOR/);
  });
});

describe(nautobotAuthorization.name, () => {
  const sut = nautobotAuthorization;

  it('sends the token with the Token scheme', () => {
    expect(sut(TOKEN)).toBe(`Token ${TOKEN}`);
  });

  it('refuses an unusable token with a message naming Nautobot', () => {
    expect(() => sut(`${TOKEN} `)).toThrow(/^Nautobot token contains whitespace/);
  });
});

describe(buildNautobotHeaders.name, () => {
  const sut = buildNautobotHeaders;

  it('builds JSON headers with the API version and the token', () => {
    expect(sut({ token: TOKEN, apiVersion: '3.2' })).toEqual({
      Accept: 'application/json; version=3.2',
      'Content-Type': 'application/json',
      Authorization: `Token ${TOKEN}`,
    });
  });

  it('produces headers that fetch accepts', () => {
    const headers = new Headers(sut({ token: TOKEN, apiVersion: '2.4' }));

    expect(headers.get('accept')).toBe('application/json; version=2.4');
  });
});

describe(redactToken.name, () => {
  const sut = redactToken;

  it('keeps only the last four characters', () => {
    expect(sut(TOKEN)).toBe('****3333');
  });
});
