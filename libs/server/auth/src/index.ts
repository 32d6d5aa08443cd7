export * from './auth.constants';
export * from './auth.module';
export * from './auth.service';
export * from './current-principal.decorator';
export * from './password-hasher';
export * from './scopes';
export { OAUTH_ERROR_STATUSES } from './oauth/oauth.errors';
