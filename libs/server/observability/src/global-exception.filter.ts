import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { type Request, type Response } from 'express';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: unknown;
  correlationId: string;
}

/** Maps domain error names (the `name` of an Error subclass) to HTTP statuses. */
export type DomainErrorStatuses = Readonly<Record<string, number>>;

/**
 * The one error shape the API answers with. Unexpected errors become a 500 whose body
 * says nothing internal; the log line has the detail and the same correlation id.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(private readonly domainStatuses: DomainErrorStatuses = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception, String(request.id ?? ''));
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, correlationId: body.correlationId }, 'request failed');
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const payload: Record<string, unknown> =
        typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      const rawMessage = payload['message'];
      const message = Array.isArray(rawMessage)
        ? rawMessage.join('; ')
        : typeof rawMessage === 'string'
          ? rawMessage
          : exception.message;
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message,
        details: payload['details'] ?? null,
        correlationId,
      };
    }
    if (exception instanceof Error && this.domainStatuses[exception.name] !== undefined) {
      const statusCode = this.domainStatuses[exception.name]!;
      const details = (exception as Error & { details?: unknown }).details ?? null;
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: exception.message,
        details,
        correlationId,
      };
    }
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      statusCode,
      error: STATUS_CODES[statusCode]!,
      message: 'Internal server error',
      details: null,
      correlationId,
    };
  }
}
