import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { loadConfigOrExit } from '@plumbline/server-config';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import {
  buildOpenApiDocument,
  configureApp,
  installMetrics,
  installOpenApi,
  installWebApp,
} from './configure-app';
import metadata from './metadata';

async function bootstrap(): Promise<void> {
  process.env['PLUMBLINE_PROCESS'] = 'api';
  const config = loadConfigOrExit('api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Bootstrap');
  app.enableShutdownHooks();
  installMetrics(app);
  configureApp(app);
  await SwaggerModule.loadPluginMetadata(metadata);
  installOpenApi(app, buildOpenApiDocument(app));
  const isServingWeb = installWebApp(app, config);
  await app.listen(config.PORT, config.HOST);
  logger.log({ port: config.PORT, host: config.HOST, isServingWeb }, 'api listening');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `plumbline api failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
