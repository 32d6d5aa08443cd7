import { SetMetadata } from '@nestjs/common';
import { type UserRole } from '@plumbline/server-database';

/** What a token may do. A route names the scopes it needs with @RequireScopes(). */
export const SCOPES = ['read', 'ingest', 'review', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const REQUIRED_SCOPES = 'plumbline:scopes';

/** The route answers only to a token holding every scope listed. */
export const RequireScopes = (...scopes: Scope[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPES, scopes);

const ROLE_SCOPES: Readonly<Record<UserRole, readonly Scope[]>> = {
  viewer: ['read'],
  operator: ['read', 'review', 'ingest'],
  admin: SCOPES,
};

/** A logged-in user's scopes follow from their role; an admin user may do everything. */
export function scopesForRole(role: UserRole): Scope[] {
  return [...ROLE_SCOPES[role]];
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The scopes of `required` that `granted` lacks, in the order they were asked for. */
export function missingScopes(required: readonly Scope[], granted: readonly Scope[]): Scope[] {
  return required.filter((scope) => !granted.includes(scope));
}

/** Splits an OAuth2 `scope` string (space-separated, RFC 6749 §3.3) into its distinct tokens. */
export function parseScopeString(value: string): string[] {
  return [...new Set(value.split(' ').filter((token) => token.length > 0))];
}
