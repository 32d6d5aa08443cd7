import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ENTITY_OUTCOMES,
  type EntityOutcome,
  IngestedRecordEntity,
  IngestionEntity,
  IngestionEntityRow,
  type IngestionTargetOutcome,
  type OutcomeCounts,
} from '@plumbline/server-database';
import { DataSource, type EntityManager } from 'typeorm';

export interface NewEntityRow {
  position: number;
  entity: Record<string, unknown>;
  objectKey: string | null;
  outcome: 'pending' | 'rejected';
  reasons: Array<{ field: string; reason: string }> | null;
}

export interface EntityResult {
  position: number;
  objectKey: string | null;
  outcome: Exclude<EntityOutcome, 'pending'>;
  reasons: Array<{ field: string; reason: string; connector?: string }> | null;
  targets: Record<string, IngestionTargetOutcome> | null;
}

export interface IntendedRecord {
  connectorId: string;
  objectType: string;
  objectKey: string;
  attrs: Record<string, unknown>;
  refs: Record<string, unknown>;
  source: string;
  ingestionId: string;
}

export function emptyCounts(): OutcomeCounts {
  return Object.fromEntries(ENTITY_OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts;
}

/** All SQL of ingestions: set-based, so a 10,000-entity request is a handful of statements. */
@Injectable()
export class IngestionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findById(id: string): Promise<IngestionEntity | null> {
    return this.dataSource.getRepository(IngestionEntity).findOne({ where: { id } });
  }

  findByIdempotencyKey(principal: string, key: string): Promise<IngestionEntity | null> {
    return this.dataSource
      .getRepository(IngestionEntity)
      .findOne({ where: { principal, idempotencyKey: key } });
  }

  /** Inserts the ingestion and all its entities (one statement for the entities). */
  async insert(
    manager: EntityManager,
    ingestion: IngestionEntity,
    rows: readonly NewEntityRow[],
  ): Promise<void> {
    await manager.getRepository(IngestionEntity).insert(ingestion);
    // Chunked so that one statement's JSON parameter stays a few megabytes at most.
    for (let start = 0; start < rows.length; start += 5000) {
      await manager.query(
        `INSERT INTO ingestion_entities (ingestion_id, position, entity, object_key, outcome, reasons, finished_at)
         SELECT $1, t.position, t.entity, t.object_key, t.outcome, t.reasons,
                CASE WHEN t.outcome = 'pending' THEN NULL ELSE now() END
           FROM jsonb_to_recordset($2::jsonb)
             AS t(position int, entity jsonb, object_key text, outcome varchar, reasons jsonb)`,
        [
          ingestion.id,
          JSON.stringify(
            rows.slice(start, start + 5000).map((row) => ({
              position: row.position,
              entity: row.entity,
              object_key: row.objectKey,
              outcome: row.outcome,
              reasons: row.reasons,
            })),
          ),
        ],
      );
    }
  }

  /**
   * Takes the ingestion for this worker until `leaseMs` from now, unless another worker holds
   * an unexpired lease or it is finished. Returns it when taken.
   */
  async claim(id: string, leaseMs: number): Promise<IngestionEntity | null> {
    const rows = await this.dataSource.query<
      [Array<{ id: string }>, number] | Array<{ id: string }>
    >(
      `UPDATE ingestions
          SET state = 'running',
              lease_until = now() + ($2::int * interval '1 millisecond'),
              attempts = attempts + 1,
              started_at = coalesce(started_at, now())
        WHERE id = $1
          AND (state = 'accepted' OR (state = 'running' AND (lease_until IS NULL OR lease_until < now())))
        RETURNING id`,
      [id, leaseMs],
    );
    const updated = Array.isArray(rows[0]) ? rows[0] : rows;
    return updated.length > 0 ? this.findById(id) : null;
  }

  async renewLease(id: string, leaseMs: number): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ingestions SET lease_until = now() + ($2::int * interval '1 millisecond')
        WHERE id = $1 AND state = 'running'`,
      [id, leaseMs],
    );
    return affected > 0;
  }

  /** Pending entities in position order, after `afterPosition`. */
  pendingEntities(id: string, afterPosition: number, limit: number): Promise<IngestionEntityRow[]> {
    return this.dataSource
      .getRepository(IngestionEntityRow)
      .createQueryBuilder('row')
      .where('row.ingestion_id = :id', { id })
      .andWhere("row.outcome = 'pending'")
      .andWhere('row.position > :afterPosition', { afterPosition })
      .orderBy('row.position', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Records outcomes of entities still pending (an outcome is written once: a redelivered job
   * cannot overwrite it) and the intended state of what was applied, in one transaction.
   */
  async recordResults(
    ingestionId: string,
    results: readonly EntityResult[],
    intended: readonly IntendedRecord[],
  ): Promise<void> {
    if (results.length === 0 && intended.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      if (intended.length > 0) await this.mergeIntended(manager, intended);
      if (results.length > 0) {
        await manager.query(
          `UPDATE ingestion_entities e
              SET outcome = t.outcome, reasons = t.reasons, targets = t.targets,
                  object_key = coalesce(t.object_key, e.object_key), finished_at = now()
             FROM jsonb_to_recordset($2::jsonb)
               AS t(position int, object_key text, outcome varchar, reasons jsonb, targets jsonb)
            WHERE e.ingestion_id = $1 AND e.position = t.position AND e.outcome = 'pending'`,
          [
            ingestionId,
            JSON.stringify(
              results.map((result) => ({
                position: result.position,
                object_key: result.objectKey,
                outcome: result.outcome,
                reasons: result.reasons,
                targets: result.targets,
              })),
            ),
          ],
        );
      }
      await this.refreshCounts(manager, ingestionId);
    });
  }

  /** Fields sent now replace the same fields asserted before; fields not sent stay asserted. */
  private async mergeIntended(
    manager: EntityManager,
    records: readonly IntendedRecord[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ingested_records
              (connector_id, object_type, object_key, attrs, refs, source, ingestion_id, ingested_at, checked_at)
       SELECT t.connector_id, t.object_type, t.object_key, t.attrs, t.refs, t.source, t.ingestion_id, now(), now()
         FROM jsonb_to_recordset($1::jsonb)
           AS t(connector_id uuid, object_type varchar, object_key text, attrs jsonb, refs jsonb,
                source varchar, ingestion_id uuid)
       ON CONFLICT (connector_id, object_type, object_key) DO UPDATE
          SET attrs = ingested_records.attrs || EXCLUDED.attrs,
              refs = ingested_records.refs || EXCLUDED.refs,
              source = EXCLUDED.source,
              ingestion_id = EXCLUDED.ingestion_id,
              ingested_at = EXCLUDED.ingested_at,
              checked_at = EXCLUDED.checked_at`,
      [
        JSON.stringify(
          records.map((record) => ({
            connector_id: record.connectorId,
            object_type: record.objectType,
            object_key: record.objectKey,
            attrs: record.attrs,
            refs: record.refs,
            source: record.source,
            ingestion_id: record.ingestionId,
          })),
        ),
      ],
    );
  }

  private async refreshCounts(manager: EntityManager, ingestionId: string): Promise<void> {
    await manager.query(
      `UPDATE ingestions
          SET counts = $2::jsonb || coalesce((
                SELECT jsonb_object_agg(outcome, n)
                  FROM (SELECT outcome, count(*)::int AS n FROM ingestion_entities
                         WHERE ingestion_id = $1 GROUP BY outcome) grouped), '{}'::jsonb)
        WHERE id = $1`,
      [ingestionId, JSON.stringify(emptyCounts())],
    );
  }

  /** Completes the ingestion once no entity is pending. Returns whether it completed now. */
  async completeIfDone(id: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ingestions SET state = 'completed', finished_at = now(), lease_until = NULL
        WHERE id = $1 AND state = 'running'
          AND NOT EXISTS (SELECT 1 FROM ingestion_entities
                           WHERE ingestion_id = $1 AND outcome = 'pending')`,
      [id],
    );
    return affected > 0;
  }

  async releaseLease(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ingestions SET lease_until = NULL WHERE id = $1 AND state = 'running'`,
      [id],
    );
  }

  /** Marks every pending entity cancelled. Returns false when the ingestion had finished. */
  async cancel(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, affected] = await manager.query<[unknown, number]>(
        `UPDATE ingestions SET state = 'cancelled', finished_at = now(), lease_until = NULL
          WHERE id = $1 AND state IN ('accepted', 'running')`,
        [id],
      );
      if (affected === 0) return false;
      await manager.query(
        `UPDATE ingestion_entities SET outcome = 'cancelled', finished_at = now()
          WHERE ingestion_id = $1 AND outcome = 'pending'`,
        [id],
      );
      await this.refreshCounts(manager, id);
      return true;
    });
  }

  async isCancelled(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ state: string }>>(
      `SELECT state FROM ingestions WHERE id = $1`,
      [id],
    );
    return rows[0]?.state === 'cancelled';
  }

  /** Open ingestions nobody works on: never started for a while, or with an expired lease. */
  async findOrphans(acceptedBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM ingestions
        WHERE (state = 'accepted' AND accepted_at < $1)
           OR (state = 'running' AND (lease_until IS NULL OR lease_until < now()))
        ORDER BY accepted_at
        LIMIT $2`,
      [acceptedBefore, limit],
    );
    return rows.map((row) => row.id);
  }

  listEntities(
    id: string,
    options: { outcome?: EntityOutcome; offset: number; limit: number },
  ): Promise<[IngestionEntityRow[], number]> {
    const query = this.dataSource
      .getRepository(IngestionEntityRow)
      .createQueryBuilder('row')
      .where('row.ingestion_id = :id', { id })
      .orderBy('row.position', 'ASC')
      .skip(options.offset)
      .take(options.limit);
    if (options.outcome) query.andWhere('row.outcome = :outcome', { outcome: options.outcome });
    return query.getManyAndCount();
  }

  listRecent(options: {
    principal?: string;
    state?: string;
    objectType?: string;
    offset: number;
    limit: number;
  }): Promise<[IngestionEntity[], number]> {
    const query = this.dataSource
      .getRepository(IngestionEntity)
      .createQueryBuilder('ingestion')
      .orderBy('ingestion.accepted_at', 'DESC')
      .skip(options.offset)
      .take(options.limit);
    if (options.principal) query.andWhere('ingestion.principal = :p', { p: options.principal });
    if (options.state) query.andWhere('ingestion.state = :s', { s: options.state });
    if (options.objectType) query.andWhere('ingestion.object_type = :t', { t: options.objectType });
    return query.getManyAndCount();
  }

  /** Ingestions and entity outcomes accepted since `since`, plus every open ingestion. */
  async statusSince(since: Date): Promise<{
    ingestions: Record<string, number>;
    entities: OutcomeCounts;
    oldestOpenAcceptedAt: Date | null;
  }> {
    const rows = await this.dataSource.query<
      Array<{ state: string; n: number; oldest: Date | null; counts: OutcomeCounts[] }>
    >(
      `SELECT state, count(*)::int AS n, min(accepted_at) FILTER (WHERE state IN ('accepted','running')) AS oldest,
              coalesce(jsonb_agg(counts), '[]'::jsonb) AS counts
         FROM ingestions
        WHERE accepted_at >= $1 OR state IN ('accepted', 'running')
        GROUP BY state`,
      [since],
    );
    const ingestions: Record<string, number> = {
      accepted: 0,
      running: 0,
      completed: 0,
      cancelled: 0,
    };
    const entities = emptyCounts();
    let oldest: Date | null = null;
    for (const row of rows) {
      ingestions[row.state] = row.n;
      if (row.oldest && (!oldest || row.oldest < oldest)) oldest = row.oldest;
      for (const counts of row.counts) {
        for (const outcome of ENTITY_OUTCOMES) entities[outcome] += counts[outcome] ?? 0;
      }
    }
    return { ingestions, entities, oldestOpenAcceptedAt: oldest };
  }

  /** What was ingested for these records on one connector (for drift checks and tests). */
  findIntended(
    connectorId: string,
    objectType: string,
    keys: readonly string[],
  ): Promise<IngestedRecordEntity[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(IngestedRecordEntity)
      .createQueryBuilder('record')
      .where('record.connector_id = :connectorId', { connectorId })
      .andWhere('record.object_type = :objectType', { objectType })
      .andWhere('record.object_key IN (:...keys)', { keys })
      .getMany();
  }
}
