import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type DriftDecision, DriftEventEntity } from '@plumbline/server-database';
import { Repository } from 'typeorm';

export interface DriftEventFilter {
  connectorId?: string;
  objectType?: string;
  key?: string;
  decision?: DriftDecision;
  since?: Date;
}

@Injectable()
export class DriftEventsRepository {
  constructor(
    @InjectRepository(DriftEventEntity) private readonly events: Repository<DriftEventEntity>,
  ) {}

  add(event: Omit<DriftEventEntity, 'id'>): Promise<DriftEventEntity> {
    return this.events.save(this.events.create(event));
  }

  findById(id: string): Promise<DriftEventEntity | null> {
    return this.events.findOne({ where: { id } });
  }

  /** Newest first. */
  list(
    filter: DriftEventFilter,
    limit: number,
    offset: number,
  ): Promise<[DriftEventEntity[], number]> {
    const query = this.events.createQueryBuilder('event');
    if (filter.connectorId) {
      query.andWhere('event.connector_id = :connectorId', { connectorId: filter.connectorId });
    }
    if (filter.objectType) {
      query.andWhere('event.object_type = :objectType', { objectType: filter.objectType });
    }
    if (filter.key !== undefined) query.andWhere('event.object_key = :key', { key: filter.key });
    if (filter.decision)
      query.andWhere('event.decision = :decision', { decision: filter.decision });
    if (filter.since) query.andWhere('event.detected_at >= :since', { since: filter.since });
    return query
      .orderBy('event.detected_at', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
  }
}
