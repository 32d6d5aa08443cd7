import { type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type UserRole } from '@plumbline/server-database';
import { type Observable } from 'rxjs';
import { IS_PUBLIC } from '@plumbline/server-observability';
import { type AuthenticatedPrincipal, REQUIRED_ROLES } from './auth.constants';

/** Global guard: every route needs a valid token and role unless marked @Public(). */
@Injectable()
export class GlobalAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(
    context: ExecutionContext,
  ): boolean | Promise<boolean> | Observable<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = AuthenticatedPrincipal>(
    error: unknown,
    principal: T | false,
    _info: unknown,
    context: ExecutionContext,
  ): T {
    const authenticated = super.handleRequest<T>(error, principal, _info, context);
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const role = (authenticated as AuthenticatedPrincipal).role;
    if (roles && role !== 'admin' && !roles.includes(role)) {
      throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    return authenticated;
  }
}
