import { createSessionStore } from './session-store';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe(createSessionStore.name, () => {
  it('keeps the token and tells subscribers when it changes', () => {
    const sut = createSessionStore(memoryStorage());
    const seen: Array<string | null> = [];
    const unsubscribe = sut.subscribe(() => seen.push(sut.getToken()));
    expect(sut.getToken()).toBeNull();
    sut.setToken('abc');
    sut.clear();
    unsubscribe();
    sut.setToken('ignored');
    expect(seen).toEqual(['abc', null]);
  });
});
