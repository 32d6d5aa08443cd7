import { missingScopes, parseScopeString, scopesForRole } from './scopes';

describe('scopes', () => {
  it.each([
    ['viewer', ['read']],
    ['operator', ['read', 'review', 'ingest']],
    ['admin', ['read', 'ingest', 'review', 'admin']],
  ] as const)('gives a %s the scopes %p', (role, expected) => {
    expect(scopesForRole(role).sort()).toEqual([...expected].sort());
  });

  it('names the scopes a token lacks, and none when it has them all', () => {
    expect(missingScopes(['review'], ['read'])).toEqual(['review']);
    expect(missingScopes(['read', 'admin'], ['admin'])).toEqual(['read']);
    expect(missingScopes(['admin'], ['read', 'admin'])).toEqual([]);
    expect(missingScopes([], [])).toEqual([]);
  });

  it('splits a scope string on spaces, dropping repeats and empty parts', () => {
    expect(parseScopeString(' read  review read ')).toEqual(['read', 'review']);
    expect(parseScopeString('')).toEqual([]);
  });
});
