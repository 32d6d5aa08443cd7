import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { OutboxService } from './outbox.service';

/** Runs in the worker: moves outbox rows to Redis until none are left. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.relayOnce().finally(() => (this.running = undefined));
    }, this.config.OUTBOX_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async relayOnce(): Promise<void> {
    try {
      const count = await this.outbox.relayPending();
      if (count > 0) this.logger.log({ count }, 'outbox messages relayed');
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'outbox relay round failed');
    }
  }
}
