import { type ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { GlobalExceptionFilter } from './global-exception.filter';

class WidgetMissingError extends Error {
  override readonly name = 'WidgetMissingError';
  readonly details = { widgetId: 'w1' };
}

function respond(sut: GlobalExceptionFilter, exception: unknown) {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'corr-1' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  sut.catch(exception, host);
  return sent;
}

describe(GlobalExceptionFilter.name, () => {
  const sut = new GlobalExceptionFilter({ WidgetMissingError: 404 });

  it('answers HTTP exceptions in the common shape, keeping validation details', () => {
    const details = [{ field: 'email', reason: 'email must be an email' }];
    const sent = respond(sut, new BadRequestException({ message: 'Invalid request', details }));
    expect(sent).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid request',
        details,
        correlationId: 'corr-1',
      },
    });
  });

  it('uses the default message of a bare HTTP exception', () => {
    expect(respond(sut, new NotFoundException()).body).toMatchObject({
      statusCode: 404,
      message: 'Not Found',
      details: null,
    });
  });

  it('maps a domain error by its name to its status', () => {
    expect(respond(sut, new WidgetMissingError('Widget w1 does not exist'))).toEqual({
      status: 404,
      body: {
        statusCode: 404,
        error: 'Not Found',
        message: 'Widget w1 does not exist',
        details: { widgetId: 'w1' },
        correlationId: 'corr-1',
      },
    });
  });

  it('hides the detail of an unexpected error behind a 500', () => {
    const sent = respond(sut, new Error('connection string postgres://secret@db'));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret');
    expect(sent.body).toMatchObject({
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });
});
