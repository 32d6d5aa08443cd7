import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER, resolveCorrelationId } from './correlation-id';

/** Paths whose values pino replaces with "[redacted]" wherever they appear. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.client_secret',
  '*.clientSecret',
];

const QUIET_PATHS = new Set(['/health', '/health/ready', '/metrics']);

@Module({})
export class ObservabilityLoggerModule {
  /** JSON logs, one line per event, each carrying the request's correlation id. */
  static forRoot(processName: string): DynamicModule {
    return {
      module: ObservabilityLoggerModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.LOG_LEVEL,
              base: { process: processName, pid: process.pid },
              messageKey: 'message',
              redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
              customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const id = resolveCorrelationId(req.headers[CORRELATION_HEADER]);
                res.setHeader('X-Request-Id', id);
                return id;
              },
              autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url ?? '') },
              serializers: {
                req: (req: { method: string; url: string }) => ({
                  method: req.method,
                  url: req.url,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
