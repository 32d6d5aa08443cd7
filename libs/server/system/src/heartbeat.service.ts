import { Injectable } from '@nestjs/common';
import { JOB, OutboxService, QUEUE } from '@plumbline/server-queue';
import { type SystemHeartbeatEntity } from '@plumbline/server-database';
import { HeartbeatRepository } from './heartbeat.repository';
import { HeartbeatNotFoundError } from './system.errors';

@Injectable()
export class HeartbeatService {
  constructor(
    private readonly heartbeats: HeartbeatRepository,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Commits the heartbeat and its job together, then hands the job to Redis without
   * waiting for it: if Redis is away, the worker's outbox relay sends it later.
   */
  async request(requestedBy: string, correlationId: string | null): Promise<SystemHeartbeatEntity> {
    const { heartbeat, message } = await this.heartbeats.transaction(async (manager) => {
      const created = await this.heartbeats.create(manager, requestedBy, correlationId);
      const queued = await this.outbox.enqueue(
        manager,
        QUEUE.system,
        JOB.heartbeat,
        { heartbeatId: created.id, correlationId },
        correlationId,
      );
      return { heartbeat: created, message: queued };
    });
    void this.outbox.dispatch(message);
    return heartbeat;
  }

  async get(id: string): Promise<SystemHeartbeatEntity> {
    const heartbeat = await this.heartbeats.findById(id);
    if (!heartbeat) throw new HeartbeatNotFoundError(id);
    return heartbeat;
  }

  listRecent(limit: number): Promise<SystemHeartbeatEntity[]> {
    return this.heartbeats.findRecent(limit);
  }
}
