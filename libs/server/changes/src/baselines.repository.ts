import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CanonicalRecord, type JsonValue, type ReferenceValue } from '@plumbline/diff-engine';
import { BaselineEntity } from '@plumbline/server-database';
import { Repository } from 'typeorm';

@Injectable()
export class BaselinesRepository {
  constructor(
    @InjectRepository(BaselineEntity) private readonly baselines: Repository<BaselineEntity>,
  ) {}

  /** Baselines of these records as canonical records (those that have one). */
  async find(
    connectorId: string,
    type: string,
    keys: readonly string[],
  ): Promise<CanonicalRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.baselines
      .createQueryBuilder('baseline')
      .where('baseline.connector_id = :connectorId', { connectorId })
      .andWhere('baseline.object_type = :type', { type })
      .andWhere('baseline.object_key IN (:...keys)', { keys })
      .getMany();
    return rows.map((row) => ({
      type: row.objectType,
      key: row.objectKey,
      attrs: row.attrs as Record<string, JsonValue>,
      refs: row.refs as Record<string, ReferenceValue>,
      ids: row.ids ?? undefined,
      source: 'baseline',
      observedAt: row.updatedAt.toISOString(),
    }));
  }

  /** Records the target's state as the new baseline of each record. */
  async save(connectorId: string, records: readonly CanonicalRecord[]): Promise<void> {
    if (records.length === 0) return;
    const updatedAt = new Date();
    await this.baselines.upsert(
      records.map((record) => ({
        connectorId,
        objectType: record.type,
        objectKey: record.key,
        attrs: record.attrs,
        refs: record.refs,
        ids: record.ids ? { ...record.ids } : null,
        updatedAt,
      })),
      ['connectorId', 'objectType', 'objectKey'],
    );
  }
}
