import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { BaselineEntity, IngestedRecordEntity } from '@plumbline/server-database';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';

/** The ingested (intended) state of records, as the drift checks read and settle it. */
@Injectable()
export class IngestedRecordsRepository {
  constructor(
    @InjectRepository(IngestedRecordEntity)
    private readonly records: Repository<IngestedRecordEntity>,
    @InjectRepository(BaselineEntity) private readonly baselines: Repository<BaselineEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Runs `work` in one transaction (a queued check is an outbox row committed with it). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findOne(
    connectorId: string,
    objectType: string,
    objectKey: string,
  ): Promise<IngestedRecordEntity | null> {
    return this.records.findOne({ where: { connectorId, objectType, objectKey } });
  }

  /**
   * The key of the ingested record whose baseline carries this peer id (`ids[idKey]`): how a
   * webhook, which names the object by id, finds the record even after a rename.
   */
  async keyOfPeerId(
    connectorId: string,
    objectType: string,
    idKey: string,
    peerId: string | number,
  ): Promise<string | null> {
    const rows = await this.baselines
      .createQueryBuilder('baseline')
      .innerJoin(
        IngestedRecordEntity,
        'record',
        'record.connector_id = baseline.connector_id AND record.object_type = baseline.object_type AND record.object_key = baseline.object_key',
      )
      .select('baseline.object_key', 'key')
      .where('baseline.connector_id = :connectorId', { connectorId })
      .andWhere('baseline.object_type = :objectType', { objectType })
      // Containment uses the GIN index on ids; an id may have been stored as a number or a
      // numeric string, so both spellings match.
      .andWhere('(baseline.ids @> :asSent::jsonb OR baseline.ids @> :respelled::jsonb)', {
        asSent: JSON.stringify({ [idKey]: peerId }),
        respelled: JSON.stringify({
          [idKey]: typeof peerId === 'number' ? String(peerId) : Number(peerId) || peerId,
        }),
      })
      // No LIMIT: with one, the planner expects an early hit in a scan and skips the index.
      .getRawMany<{ key: string }>();
    return rows[0]?.key ?? null;
  }

  /** Records of one type not checked since `before` (never checked first), oldest first. */
  findDue(objectType: string, before: Date, limit: number): Promise<IngestedRecordEntity[]> {
    return this.records
      .createQueryBuilder('record')
      .where('record.object_type = :objectType', { objectType })
      .andWhere('(record.checked_at IS NULL OR record.checked_at < :before)', { before })
      .orderBy('record.checked_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('record.object_key', 'ASC')
      .limit(limit)
      .getMany();
  }

  async markChecked(
    connectorId: string,
    objectType: string,
    objectKeys: readonly string[],
    checkedAt: Date,
  ): Promise<void> {
    if (objectKeys.length === 0) return;
    await this.records.update(
      { connectorId, objectType, objectKey: In([...objectKeys]) },
      { checkedAt },
    );
  }

  /** `accept`: the instance's values of the drifted fields become the intended ones. */
  async acceptValues(
    record: IngestedRecordEntity,
    attrs: Record<string, unknown>,
    refs: Record<string, unknown>,
    checkedAt: Date,
  ): Promise<void> {
    await this.records.save({
      ...record,
      attrs: { ...record.attrs, ...attrs },
      refs: { ...record.refs, ...refs },
      checkedAt,
    });
  }

  /** `accept` of a deletion: nothing is intended for the record any more, and no baseline kept. */
  async forget(connectorId: string, objectType: string, objectKey: string): Promise<void> {
    await this.records.delete({ connectorId, objectType, objectKey });
    await this.baselines.delete({ connectorId, objectType, objectKey });
  }
}
