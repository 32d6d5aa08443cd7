import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@plumbline/server-config';
import { Logger as PinoLogger } from 'nestjs-pino';
import { armShutdownDeadline } from './shutdown-deadline';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  process.env['PLUMBLINE_PROCESS'] = 'worker';
  const config = loadConfigOrExit('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Bootstrap');
  armShutdownDeadline(process, {
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    onSignal: (signal) =>
      logger.log({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'worker shutting down'),
    onTimeout: () => {
      logger.warn('shutdown timed out; the job in hand is left to be retried');
      process.exit(1);
    },
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  logger.log('worker ready');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `plumbline worker failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
