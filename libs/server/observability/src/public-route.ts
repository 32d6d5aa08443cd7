import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'plumbline:isPublic';

/** Marks a route that answers without a token (login, health, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
