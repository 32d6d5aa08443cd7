import { RequestMethod } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig } from '@plumbline/server-config';
import {
  createValidationPipe,
  GlobalExceptionFilter,
  MetricsService,
} from '@plumbline/server-observability';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOMAIN_ERROR_STATUSES } from './domain-error-statuses';

export const API_PREFIX = 'api/v1';
const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const UNPREFIXED_ROUTES = [
  { path: 'health', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
  { path: 'oauth2/token', method: RequestMethod.POST },
  { path: '.well-known/jwks.json', method: RequestMethod.GET },
];

/** Everything the HTTP app needs besides its modules; shared by main, tests and the spec writer. */
export function configureApp(app: NestExpressApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter(DOMAIN_ERROR_STATUSES));
  // Webhook signatures cover the exact bytes sent: keep them raw on that path only, ahead of
  // the JSON parser (which then leaves the body alone).
  app.use(`/${API_PREFIX}/webhooks`, express.raw({ type: () => true, limit: '5mb' }));
  // Policies travel as YAML files too (import/export in the seed's format).
  app.use(express.text({ type: YAML_MEDIA_TYPES, limit: '2mb' }));
  // An ingest request carries up to 10,000 entities.
  app.useBodyParser('json', { limit: '32mb' });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
}

export function installMetrics(app: NestExpressApplication): void {
  app.use(app.get(MetricsService).middleware);
}

export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Plumbline API')
    .setDescription('Keeps NetBox and Nautobot true to the systems around them.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

export function installOpenApi(app: NestExpressApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}

/** Serves the built admin app at `/`, with client-side routes falling back to index.html. */
export function installWebApp(app: NestExpressApplication, config: AppConfig): boolean {
  const root = resolve(config.WEB_DIST_DIR);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  app.use(express.static(root, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isAppRoute =
      req.method === 'GET' &&
      !/^\/(api|health|metrics|oauth2|\.well-known)(\/|$)/.test(req.path) &&
      req.accepts('html');
    if (!isAppRoute) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return true;
}
