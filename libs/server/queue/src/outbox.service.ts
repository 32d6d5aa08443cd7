import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type OutboxMessageEntity } from '@plumbline/server-database';
import { type Queue } from 'bull';
import { type EntityManager } from 'typeorm';
import { OutboxRepository } from './outbox.repository';
import { type JobName, type JobPayloads, type QueueName } from './queue-names';
import { withTimeout } from './with-timeout';

const DISPATCH_TIMEOUT_MS = 2000;

/**
 * Transactional outbox: a job is first a row in PostgreSQL, then a Bull job. The job id
 * is the row id, so a message dispatched twice (after a Redis outage) is still one job.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  enqueue<N extends JobName>(
    manager: EntityManager,
    queue: QueueName,
    jobName: N,
    payload: JobPayloads[N],
    correlationId: string | null,
  ): Promise<OutboxMessageEntity> {
    return this.outbox.add(manager, {
      queue,
      jobName,
      payload: payload as unknown as Record<string, unknown>,
      correlationId,
    });
  }

  /** Hands a committed message to Redis. Failure is fine: the relay tries again. */
  async dispatch(message: OutboxMessageEntity): Promise<boolean> {
    try {
      const queue = this.moduleRef.get<Queue>(getQueueToken(message.queue), { strict: false });
      await withTimeout(
        queue.add(message.jobName, message.payload, { jobId: message.id }),
        DISPATCH_TIMEOUT_MS,
      );
      await this.outbox.markDispatched(message.id);
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ outboxId: message.id, reason }, 'dispatch deferred');
      await this.outbox.recordFailure(message.id, reason).catch(() => undefined);
      return false;
    }
  }

  /** Messages committed and not yet handed to Redis. */
  countPending(): Promise<number> {
    return this.outbox.countPending();
  }

  /** Dispatches what is still pending, oldest first. Returns how many went out. */
  async relayPending(limit = 200): Promise<number> {
    const pending = await this.outbox.findPending(limit);
    let dispatched = 0;
    for (const message of pending) {
      if (!(await this.dispatch(message))) break; // Redis is away; try again next round.
      dispatched += 1;
    }
    return dispatched;
  }
}
