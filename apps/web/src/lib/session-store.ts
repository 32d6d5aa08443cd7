/** Where the browser keeps the bearer token between page loads. */
const TOKEN_KEY = 'plumbline.token';

export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createSessionStore(storage: SessionStorageLike) {
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((listener) => listener());
  return {
    getToken: (): string | null => storage.getItem(TOKEN_KEY),
    setToken(token: string): void {
      storage.setItem(TOKEN_KEY, token);
      notify();
    },
    clear(): void {
      storage.removeItem(TOKEN_KEY);
      notify();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
