import { grantScopes } from './token.service';

describe(grantScopes.name, () => {
  it('grants all of the client’s scopes when none are asked for', () => {
    expect(grantScopes(['read', 'ingest'], undefined)).toEqual(['read', 'ingest']);
  });

  it('grants a subset that was asked for', () => {
    expect(grantScopes(['read', 'ingest', 'admin'], ['ingest'])).toEqual(['ingest']);
  });

  it('refuses a scope the client was not given, naming it', () => {
    expect(() => grantScopes(['read'], ['read', 'admin'])).toThrow(/admin/);
    let refusal: unknown;
    try {
      grantScopes(['read'], ['write']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'invalid_scope' });
  });
});
