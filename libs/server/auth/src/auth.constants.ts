import { SetMetadata } from '@nestjs/common';
import { type UserRole } from '@plumbline/server-database';

export { IS_PUBLIC, Public } from '@plumbline/server-observability';

export const REQUIRED_ROLES = 'plumbline:roles';

/** Restricts a route to the given roles; admins may always act. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export interface AuthenticatedPrincipal {
  id: string;
  email: string;
  role: UserRole;
}
