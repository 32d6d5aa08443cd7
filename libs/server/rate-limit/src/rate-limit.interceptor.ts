import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type AuthenticatedPrincipal } from '@plumbline/server-auth';
import { type Request, type Response } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import { tokenRequestClientId } from './rate-limit-buckets';
import { RateLimitService } from './rate-limit.service';

const TOKEN_PATH = '/oauth2/token';

/**
 * Charges each request to its buckets. An interceptor runs after the auth guard, so the
 * caller is known: a verified principal, the client id at the token endpoint, else the IP.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(private readonly rateLimits: RateLimitService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthenticatedPrincipal }>();
    const response = http.getResponse<Response>();
    return from(
      this.rateLimits.check({
        path: request.path,
        ip: request.ip ?? request.socket.remoteAddress ?? 'unknown',
        callerKey: callerKeyOf(request),
      }),
    ).pipe(
      switchMap((outcome) => {
        if ('isUnlimited' in outcome) return next.handle();
        response.setHeader('RateLimit-Limit', String(outcome.limit));
        response.setHeader('RateLimit-Reset', String(outcome.resetSeconds));
        if (outcome.isAdmitted) {
          response.setHeader('RateLimit-Remaining', String(outcome.remaining));
          return next.handle();
        }
        response.setHeader('RateLimit-Remaining', '0');
        response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        throw new HttpException(
          {
            message: `Too many requests (${outcome.refusedBy.scope} limit); retry in ${outcome.retryAfterSeconds} s`,
            details: {
              scope: outcome.refusedBy.scope,
              retryAfterSeconds: outcome.retryAfterSeconds,
            },
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }),
    );
  }
}

function callerKeyOf(request: Request & { user?: AuthenticatedPrincipal }): string | undefined {
  if (request.user) return `${request.user.kind}:${request.user.id}`;
  if (request.path === TOKEN_PATH) {
    const clientId = tokenRequestClientId(request.headers.authorization, request.body);
    if (clientId !== undefined) return `client:${clientId}`;
  }
  return undefined;
}
