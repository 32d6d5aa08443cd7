import { type UserRole } from '@plumbline/server-database';
import { type Scope } from './scopes';

export { IS_PUBLIC, Public } from '@plumbline/server-observability';

/** Who is calling: a logged-in user or an OAuth2 client (ours or a trusted issuer's). */
export interface AuthenticatedPrincipal {
  kind: 'user' | 'client';
  /** User id, or the client id (`pl_…`, or the external issuer's client id). */
  id: string;
  /** User e-mail, or the client's name. */
  name: string;
  scopes: Scope[];
  role?: UserRole;
  email?: string;
}

/** How an action is attributed in audit trails: a user's e-mail, or `client:<name>`. */
export function actorName(principal: AuthenticatedPrincipal): string {
  return principal.kind === 'user'
    ? (principal.email ?? principal.name)
    : `client:${principal.name}`;
}
