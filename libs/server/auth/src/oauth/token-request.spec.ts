import { TokenRequestError } from './oauth.errors';
import { parseTokenRequest } from './token-request';

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function refusal(authorization: string | undefined, body: unknown): TokenRequestError {
  try {
    parseTokenRequest(authorization, body);
  } catch (error) {
    if (error instanceof TokenRequestError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

describe(parseTokenRequest.name, () => {
  it('reads HTTP Basic credentials, form-urlencoded-decoding each part', () => {
    const sut = parseTokenRequest(basic('pl_a%2Bb', 'se+cret%3A1'), {
      grant_type: 'client_credentials',
    });
    expect(sut).toEqual({
      clientId: 'pl_a+b',
      clientSecret: 'se cret:1',
      authMethod: 'client_secret_basic',
      requestedScopes: undefined,
    });
  });

  it('reads client_secret_post credentials and the requested scopes', () => {
    const sut = parseTokenRequest(undefined, {
      grant_type: 'client_credentials',
      client_id: 'pl_x',
      client_secret: 's',
      scope: 'read  ingest',
    });
    expect(sut).toMatchObject({
      clientId: 'pl_x',
      clientSecret: 's',
      authMethod: 'client_secret_post',
      requestedScopes: ['read', 'ingest'],
    });
  });

  it('treats an empty scope as none requested', () => {
    expect(
      parseTokenRequest(basic('a', 'b'), { grant_type: 'client_credentials', scope: ' ' })
        .requestedScopes,
    ).toBeUndefined();
  });

  it.each([
    ['no grant_type', basic('a', 'b'), {}, 'invalid_request', 400],
    ['another grant', basic('a', 'b'), { grant_type: 'password' }, 'unsupported_grant_type', 400],
    [
      'a repeated parameter',
      basic('a', 'b'),
      { grant_type: ['client_credentials', 'client_credentials'] },
      'invalid_request',
      400,
    ],
    [
      'two authentication methods',
      basic('a', 'b'),
      { grant_type: 'client_credentials', client_secret: 'b' },
      'invalid_request',
      400,
    ],
    ['no credentials', undefined, { grant_type: 'client_credentials' }, 'invalid_client', 401],
    [
      'malformed Basic credentials',
      'Basic bm9jb2xvbg==',
      { grant_type: 'client_credentials' },
      'invalid_client',
      401,
    ],
    [
      'a scope with a forbidden character',
      basic('a', 'b'),
      { grant_type: 'client_credentials', scope: 'read "x"' },
      'invalid_scope',
      400,
    ],
    ['a body that is not an object', undefined, '[1]', 'invalid_request', 400],
  ])('refuses %s', (_what, authorization, body, code, status) => {
    const sut = refusal(authorization, body);
    expect(sut.code).toBe(code);
    expect(sut.status).toBe(status);
  });

  it('remembers that Basic was used, so a 401 can name the scheme', () => {
    expect(refusal('Basic bm9jb2xvbg==', { grant_type: 'client_credentials' }).usedBasicAuth).toBe(
      true,
    );
    expect(refusal(undefined, { grant_type: 'client_credentials' }).usedBasicAuth).toBe(false);
  });
});
