import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OutboxMessageEntity } from '@plumbline/server-database';
import { type EntityManager, IsNull, type Repository } from 'typeorm';

@Injectable()
export class OutboxRepository {
  constructor(
    @InjectRepository(OutboxMessageEntity)
    private readonly messages: Repository<OutboxMessageEntity>,
  ) {}

  /** Inserts inside the caller's transaction, so the job exists exactly when its data does. */
  add(
    manager: EntityManager,
    message: Pick<OutboxMessageEntity, 'queue' | 'jobName' | 'payload' | 'correlationId'>,
  ): Promise<OutboxMessageEntity> {
    return manager
      .getRepository(OutboxMessageEntity)
      .save(manager.create(OutboxMessageEntity, message));
  }

  findPending(limit: number): Promise<OutboxMessageEntity[]> {
    return this.messages.find({
      where: { dispatchedAt: IsNull() },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  async markDispatched(id: string): Promise<void> {
    await this.messages.update({ id, dispatchedAt: IsNull() }, { dispatchedAt: new Date() });
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1', lastError: error.slice(0, 2000) })
      .where('id = :id', { id })
      .execute();
  }

  countPending(): Promise<number> {
    return this.messages.count({ where: { dispatchedAt: IsNull() } });
  }
}
