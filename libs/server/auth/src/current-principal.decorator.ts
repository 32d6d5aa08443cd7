import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type AuthenticatedPrincipal } from './auth.constants';

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedPrincipal =>
    context.switchToHttp().getRequest<{ user: AuthenticatedPrincipal }>().user,
);
