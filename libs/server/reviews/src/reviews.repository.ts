import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ReviewAuditEntity,
  ReviewCommentEntity,
  type ReviewEvent,
  ReviewItemEntity,
  ReviewRejectionEntity,
  type ReviewState,
} from '@plumbline/server-database';
import { DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';

export interface ReviewFilter {
  states?: ReviewState[];
  objectType?: string;
  source?: string;
  field?: string;
  rule?: string;
  olderThanSeconds?: number;
  newerThanSeconds?: number;
}

export interface AuditFilter {
  itemId?: string;
  actor?: string;
  event?: string;
  limit: number;
}

@Injectable()
export class ReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private filtered(
    filter: ReviewFilter,
    manager: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<ReviewItemEntity> {
    const query = manager.getRepository(ReviewItemEntity).createQueryBuilder('item');
    if (filter.states?.length)
      query.andWhere('item.state IN (:...states)', { states: filter.states });
    if (filter.objectType)
      query.andWhere('item.object_type = :objectType', { objectType: filter.objectType });
    if (filter.source) query.andWhere('item.source = :source', { source: filter.source });
    if (filter.rule) query.andWhere('item.rule = :rule', { rule: filter.rule });
    if (filter.field) {
      query.andWhere('item.fields @> :field::jsonb', {
        field: JSON.stringify([{ field: filter.field }]),
      });
    }
    if (filter.olderThanSeconds !== undefined) {
      query.andWhere('item.created_at < now() - make_interval(secs => :older)', {
        older: filter.olderThanSeconds,
      });
    }
    if (filter.newerThanSeconds !== undefined) {
      query.andWhere('item.created_at >= now() - make_interval(secs => :newer)', {
        newer: filter.newerThanSeconds,
      });
    }
    return query;
  }

  async list(
    filter: ReviewFilter,
    limit: number,
    offset: number,
  ): Promise<[ReviewItemEntity[], number]> {
    return this.filtered(filter)
      .orderBy('item.created_at', 'ASC')
      .addOrderBy('item.id', 'ASC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
  }

  async countByState(filter: ReviewFilter): Promise<Record<string, number>> {
    const rows = await this.filtered({ ...filter, states: undefined })
      .select('item.state', 'state')
      .addSelect('count(*)::int', 'count')
      .groupBy('item.state')
      .getRawMany<{ state: string; count: number }>();
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  }

  async openIds(filter: ReviewFilter, limit: number): Promise<string[]> {
    const rows = await this.filtered({ ...filter, states: ['open'] })
      .select('item.id', 'id')
      .orderBy('item.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  findById(id: string): Promise<ReviewItemEntity | null> {
    return this.dataSource.getRepository(ReviewItemEntity).findOne({ where: { id } });
  }

  /** The item, locked until the transaction ends: one decision at a time. */
  lock(manager: EntityManager, id: string): Promise<ReviewItemEntity | null> {
    return manager
      .getRepository(ReviewItemEntity)
      .createQueryBuilder('item')
      .setLock('pessimistic_write')
      .where('item.id = :id', { id })
      .getOne();
  }

  findOpenByFingerprint(
    manager: EntityManager,
    fingerprint: string,
  ): Promise<ReviewItemEntity | null> {
    return manager
      .getRepository(ReviewItemEntity)
      .findOne({ where: { fingerprint, state: 'open' } });
  }

  /** Which of these field fingerprints an operator rejected before. */
  async rejectedAmong(
    fingerprints: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (fingerprints.length === 0) return new Set();
    const rows = await manager.getRepository(ReviewRejectionEntity).find({
      select: { fingerprint: true },
      where: { fingerprint: In([...fingerprints]) },
    });
    return new Set(rows.map((row) => row.fingerprint));
  }

  saveItem(manager: EntityManager, item: Partial<ReviewItemEntity>): Promise<ReviewItemEntity> {
    const items = manager.getRepository(ReviewItemEntity);
    return items.save(items.create(item));
  }

  async audit(
    manager: EntityManager,
    itemId: string,
    actor: string,
    event: ReviewEvent,
    values: Record<string, unknown> | null = null,
    comment: string | null = null,
  ): Promise<void> {
    const entries = manager.getRepository(ReviewAuditEntity);
    await entries.save(entries.create({ itemId, actor, event, values, comment, at: new Date() }));
  }

  async comment(
    manager: EntityManager,
    itemId: string,
    author: string,
    body: string,
  ): Promise<ReviewCommentEntity> {
    const comments = manager.getRepository(ReviewCommentEntity);
    return comments.save(comments.create({ itemId, author, body }));
  }

  /** Remembers each rejected field value so the same proposal is not asked again. */
  async remember(manager: EntityManager, item: ReviewItemEntity, actor: string): Promise<void> {
    const rejectedAt = new Date();
    const rows = item.fields.map((field, index) => ({
      fingerprint: item.fieldFingerprints[index]!,
      itemId: item.id,
      objectType: item.objectType,
      objectKey: item.objectKey,
      field: field.field,
      rejectedBy: actor,
      rejectedAt,
    }));
    await manager.getRepository(ReviewRejectionEntity).upsert(rows, ['fingerprint']);
  }

  comments(itemId: string): Promise<ReviewCommentEntity[]> {
    return this.dataSource
      .getRepository(ReviewCommentEntity)
      .find({ where: { itemId }, order: { createdAt: 'ASC' } });
  }

  auditTrail(filter: AuditFilter): Promise<ReviewAuditEntity[]> {
    const query = this.dataSource.getRepository(ReviewAuditEntity).createQueryBuilder('entry');
    if (filter.itemId) query.andWhere('entry.item_id = :itemId', { itemId: filter.itemId });
    if (filter.actor) query.andWhere('entry.actor = :actor', { actor: filter.actor });
    if (filter.event) query.andWhere('entry.event = :event', { event: filter.event });
    return query
      .orderBy('entry.at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .take(filter.limit)
      .getMany();
  }
}
