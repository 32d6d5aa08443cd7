import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@plumbline/server-config';
import { Logger as PinoLogger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  process.env['PLUMBLINE_PROCESS'] = 'worker';
  const config = loadConfigOrExit('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Bootstrap');
  // On SIGTERM/SIGINT Nest closes the queues, which waits for the job in hand to finish.
  // If it does not finish in time we exit anyway: Bull's lock on it expires and another
  // worker picks it up as a stalled job, so it is released rather than lost.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'worker shutting down');
      setTimeout(() => {
        logger.warn('shutdown timed out; leaving the job in hand to be retried');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
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
