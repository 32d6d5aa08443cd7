import {
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '@plumbline/server-observability';
import { type Response } from 'express';
import { type Observable } from 'rxjs';
import { type AuthenticatedPrincipal } from './auth.constants';
import { missingScopes, REQUIRED_SCOPES, type Scope } from './scopes';

/** Global guard: every route needs a valid token holding its scopes unless marked @Public(). */
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
    info: unknown,
    context: ExecutionContext,
  ): T {
    if (error || !principal) {
      // RFC 6750 §3: a request without valid credentials is told which scheme to use.
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      if (error instanceof UnauthorizedException) throw error;
      throw new UnauthorizedException(describeFailure(info));
    }
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const missing = missingScopes(
      required ?? [],
      (principal as unknown as AuthenticatedPrincipal).scopes,
    );
    if (missing.length > 0) {
      throw new ForbiddenException({
        message: `This action needs the scope: ${missing.join(' ')}`,
        details: { requiredScopes: required, missingScopes: missing },
      });
    }
    return principal;
  }
}

function describeFailure(info: unknown): string {
  if (info instanceof Error && info.name === 'TokenExpiredError') return 'The token has expired';
  if (info instanceof Error && /No auth token/i.test(info.message)) {
    return 'A bearer token is required';
  }
  return 'The token is not valid';
}
