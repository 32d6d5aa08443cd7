import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { SystemHeartbeatEntity } from '@plumbline/server-database';
import { DataSource, type EntityManager, IsNull, Repository } from 'typeorm';

@Injectable()
export class HeartbeatRepository {
  constructor(
    @InjectRepository(SystemHeartbeatEntity)
    private readonly heartbeats: Repository<SystemHeartbeatEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  create(
    manager: EntityManager,
    requestedBy: string,
    correlationId: string | null,
  ): Promise<SystemHeartbeatEntity> {
    const repository = manager.getRepository(SystemHeartbeatEntity);
    return repository.save(repository.create({ requestedBy, correlationId }));
  }

  findById(id: string): Promise<SystemHeartbeatEntity | null> {
    return this.heartbeats.findOne({ where: { id } });
  }

  findRecent(limit: number): Promise<SystemHeartbeatEntity[]> {
    return this.heartbeats.find({ order: { requestedAt: 'DESC' }, take: limit });
  }

  /** Idempotent: a redelivered job leaves the first record as it was. */
  async markProcessed(id: string, workerId: string): Promise<boolean> {
    const result = await this.heartbeats.update(
      { id, processedAt: IsNull() },
      { processedAt: new Date(), workerId },
    );
    return (result.affected ?? 0) > 0;
  }
}
