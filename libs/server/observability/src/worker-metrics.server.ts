import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { createServer, type Server } from 'node:http';
import { MetricsService } from './metrics.service';

/**
 * The worker has no HTTP app; this serves its metrics (what it applied, queue depths) at
 * `GET /metrics` on WORKER_METRICS_PORT for Prometheus. A port already taken (a second worker
 * on one host) is logged and skipped: metrics must never stop work.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server: Server | undefined;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const port = this.config.WORKER_METRICS_PORT;
    if (port === 0) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.metrics
        .render()
        .then((text) =>
          res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        )
        .catch(() => res.writeHead(500).end());
    });
    server.on('error', (error: NodeJS.ErrnoException) => {
      this.logger.warn({ port, reason: error.code ?? error.message }, 'worker metrics not served');
      this.server = undefined;
    });
    server.listen(port, this.config.HOST, () =>
      this.logger.log({ port }, 'worker metrics at /metrics'),
    );
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
