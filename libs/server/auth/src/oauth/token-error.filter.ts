import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type Response } from 'express';
import { TokenRequestError } from './oauth.errors';

/** The token endpoint answers errors in the RFC 6749 §5.2 shape, not the API's usual one. */
@Catch(TokenRequestError)
export class TokenErrorFilter implements ExceptionFilter {
  catch(exception: TokenRequestError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    if (exception.status === 401 && exception.usedBasicAuth) {
      response.setHeader('WWW-Authenticate', 'Basic realm="plumbline"');
    }
    response
      .status(exception.status)
      .json({ error: exception.code, error_description: exception.description });
  }
}
