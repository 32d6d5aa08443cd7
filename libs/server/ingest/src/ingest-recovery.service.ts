import { getQueueToken } from '@nestjs/bull';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { JOB, OutboxService, QUEUE } from '@plumbline/server-queue';
import { type Queue } from 'bull';
import { DataSource } from 'typeorm';
import { IngestionsRepository } from './ingestions.repository';

const SWEEP_MS = 10_000;
/** An accepted ingestion with no job in Redis for this long is given a new one. */
const ORPHAN_AFTER_MS = 20_000;
const LIVE_JOB_STATES = new Set(['waiting', 'delayed', 'paused']);

/**
 * Runs in the worker. PostgreSQL is the record of what was accepted; Redis only carries jobs.
 * When a job is gone (Redis restarted empty, a worker died holding it) while its ingestion is
 * still open, this gives the ingestion a new job. Taking an ingestion needs its lease, so a
 * job too many does no harm.
 */
@Injectable()
export class IngestRecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestRecoveryService.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly ingestions: IngestionsRepository,
    private readonly outbox: OutboxService,
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep()
        .then((count) => {
          if (count > 0) this.logger.log({ count }, 'open ingestions given a new job');
        })
        .catch((error: unknown) =>
          this.logger.warn({ reason: (error as Error).message }, 'ingestion sweep failed'),
        )
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Re-queues open ingestions that have no live job. Returns how many. */
  async sweep(): Promise<number> {
    const orphans = await this.ingestions.findOrphans(new Date(Date.now() - ORPHAN_AFTER_MS), 100);
    const queue = this.moduleRef.get<Queue>(getQueueToken(QUEUE.ingest), { strict: false });
    let requeued = 0;
    for (const ingestionId of orphans) {
      if (await this.hasLiveJob(queue, ingestionId)) continue;
      const message = await this.dataSource.transaction((manager) =>
        this.outbox.enqueue(
          manager,
          QUEUE.ingest,
          JOB.ingestRun,
          { ingestionId, correlationId: null },
          null,
        ),
      );
      await this.outbox.dispatch(message);
      requeued += 1;
    }
    return requeued;
  }

  /** A job of this ingestion still waits in Redis (an active one may belong to a dead worker). */
  private async hasLiveJob(queue: Queue, ingestionId: string): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ id: string; dispatched_at: Date | null }>>(
      `SELECT id, dispatched_at FROM outbox_messages
        WHERE queue = $1 AND payload->>'ingestionId' = $2
        ORDER BY created_at DESC LIMIT 1`,
      [QUEUE.ingest, ingestionId],
    );
    const latest = rows[0];
    if (!latest) return false;
    // Not yet handed to Redis: the outbox relay will do that.
    if (latest.dispatched_at === null) return true;
    const job = await queue.getJob(latest.id);
    if (!job) return false;
    return LIVE_JOB_STATES.has(await job.getState());
  }
}
