import { useSyncExternalStore } from 'react';
import { session } from '../../../lib/api';

/** The current bearer token; re-renders on sign-in and sign-out. */
export function useSessionToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.getToken);
}
