import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { connectorRegistry } from '@plumbline/connector-http';
import { type CanonicalRecord } from '@plumbline/diff-engine';
import {
  type CompiledRecordPolicy,
  compileRecordPolicy,
  findPolicy,
  type PolicySet,
} from '@plumbline/policy';
import { type ChangeOutcomeDto, ChangesService, ConnectorTargets } from '@plumbline/server-changes';
import {
  ConnectorEntity,
  type EntityOutcome,
  type IngestionEntity,
  type IngestionEntityRow,
  type IngestionTargetOutcome,
} from '@plumbline/server-database';
import { PoliciesService } from '@plumbline/server-policies';
import { DataSource, In } from 'typeorm';
import { checkEntity } from './entity-check';
import { EntityNormalizer, type FieldProblem } from './entity-normalizer';
import { IngestMetrics } from './ingest.metrics';
import {
  type EntityResult,
  IngestionsRepository,
  type IntendedRecord,
} from './ingestions.repository';

/** A worker holds an ingestion this long without renewing; then another may take it over. */
export const LEASE_MS = 30_000;
const LEASE_RENEW_MS = 10_000;
/** Entities diffed and applied together. */
export const CHUNK_SIZE = 500;

/** Another worker holds a live lease on the ingestion; the job is retried later. */
export class IngestionLeasedError extends Error {
  override readonly name = 'IngestionLeasedError';
}

const OUTCOME_RANK: Record<IngestionTargetOutcome['outcome'], number> = {
  failed: 4,
  in_review: 3,
  created: 2,
  updated: 1,
  unchanged: 0,
};

/**
 * The working side of ingestion: takes an accepted ingestion, applies its pending entities in
 * chunks to every target connector through the change flow (three-way diff, policy, bulk
 * apply, review), and records each entity's outcome. An outcome is written once, after the
 * target was written, so a chunk repeated after a crash re-reads the instance and finds the
 * work done instead of doing it twice.
 */
@Injectable()
export class IngestRunner {
  private readonly logger = new Logger(IngestRunner.name);
  private readonly normalizer = new EntityNormalizer(connectorRegistry);

  constructor(
    private readonly ingestions: IngestionsRepository,
    private readonly changes: ChangesService,
    private readonly targets: ConnectorTargets,
    private readonly policies: PoliciesService,
    private readonly metrics: IngestMetrics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Returns false when there was nothing to do (finished, or unknown). */
  async run(ingestionId: string): Promise<boolean> {
    const ingestion = await this.ingestions.claim(ingestionId, LEASE_MS);
    if (!ingestion) {
      const current = await this.ingestions.findById(ingestionId);
      if (current?.state === 'running') {
        throw new IngestionLeasedError(`ingestion ${ingestionId} is leased by another worker`);
      }
      return false;
    }
    const renewal = setInterval(() => {
      this.ingestions.renewLease(ingestionId, LEASE_MS).catch((error: unknown) => {
        this.logger.warn({ ingestionId, reason: (error as Error).message }, 'lease renewal failed');
      });
    }, LEASE_RENEW_MS);
    try {
      const connectors = await this.dataSource
        .getRepository(ConnectorEntity)
        .find({ where: { id: In(ingestion.connectorIds) }, order: { name: 'ASC' } });
      const policySet = await this.policies.currentSet();
      const policy = findPolicy(policySet, ingestion.objectType);
      const compiled = policy ? compileRecordPolicy(policy) : undefined;
      let after = -1;
      for (;;) {
        if (await this.ingestions.isCancelled(ingestionId)) return true;
        const rows = await this.ingestions.pendingEntities(ingestionId, after, CHUNK_SIZE);
        if (rows.length === 0) break;
        after = (rows[rows.length - 1] as IngestionEntityRow).position;
        await this.runChunk(ingestion, connectors, { set: policySet, compiled }, rows);
      }
      if (await this.ingestions.completeIfDone(ingestionId)) {
        const done = await this.ingestions.findById(ingestionId);
        this.logger.log(
          { ingestionId, objectType: ingestion.objectType, counts: done?.counts },
          'ingestion completed',
        );
      }
      return true;
    } catch (error) {
      // Give the lease back so the retry (or another worker) need not wait for it to expire.
      await this.ingestions.releaseLease(ingestionId).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewal);
    }
  }

  private async runChunk(
    ingestion: IngestionEntity,
    connectors: readonly ConnectorEntity[],
    policy: { set: PolicySet; compiled: CompiledRecordPolicy | undefined },
    rows: readonly IngestionEntityRow[],
  ): Promise<void> {
    const observedAt = ingestion.acceptedAt.toISOString();
    const results: EntityResult[] = [];
    const records: Array<{ row: IngestionEntityRow; record: CanonicalRecord }> = [];
    for (const row of rows) {
      const checked = checkEntity(
        this.normalizer,
        policy.compiled,
        ingestion.objectType,
        row.entity,
        {
          source: ingestion.source,
          observedAt,
        },
      );
      if ('problems' in checked) {
        results.push({
          position: row.position,
          objectKey: null,
          outcome: 'rejected',
          reasons: checked.problems,
          targets: null,
        });
      } else {
        records.push({ row, record: checked.record });
      }
    }

    if (connectors.length === 0) {
      // Every target connector was deleted after the ingestion was accepted.
      for (const { row, record } of records) {
        results.push({
          position: row.position,
          objectKey: record.key,
          outcome: 'failed',
          reasons: [{ field: '(entity)', reason: 'none of its target connectors exists any more' }],
          targets: null,
        });
      }
      await this.ingestions.recordResults(ingestion.id, results, []);
      return;
    }

    const perConnector = await Promise.all(
      connectors.map(async (connector) => {
        const adapter = await this.targets.sharedAdapterFor(connector.id);
        const result = await this.changes.applyRecords(
          connector.id,
          adapter,
          records.map((entry) => entry.record),
          { source: ingestion.source, observedAt },
          policy.set,
        );
        return { connector, outcomes: new Map(result.outcomes.map((o) => [o.key, o])) };
      }),
    );

    const intended: IntendedRecord[] = [];
    const now = Date.now();
    for (const { row, record } of records) {
      const targets: Record<string, IngestionTargetOutcome> = {};
      const failures: FieldProblem[] = [];
      for (const { connector, outcomes } of perConnector) {
        const target = targetOutcome(outcomes.get(record.key));
        targets[connector.name] = target;
        this.metrics.countOperation(ingestion.source, connector.name, target.outcome);
        if (target.outcome === 'failed') {
          failures.push({
            field: '(entity)',
            reason: target.error ?? 'failed',
            connector: connector.name,
          } as FieldProblem);
        }
        if (target.outcome !== 'failed' && target.outcome !== 'in_review' && !target.error) {
          intended.push({
            connectorId: connector.id,
            objectType: record.type,
            objectKey: record.key,
            attrs: record.attrs,
            refs: record.refs,
            source: ingestion.source,
            ingestionId: ingestion.id,
          });
        }
      }
      const outcome = overallOutcome(Object.values(targets));
      if (outcome !== 'failed' && outcome !== 'in_review') {
        this.metrics.observeLatency((now - ingestion.acceptedAt.getTime()) / 1000);
      }
      results.push({
        position: row.position,
        objectKey: record.key,
        outcome,
        reasons: failures.length > 0 ? failures : null,
        targets,
      });
    }
    await this.ingestions.recordResults(ingestion.id, results, intended);
    for (const result of results) this.metrics.countEntity(ingestion.objectType, result.outcome);
  }
}

/** One connector's outcome for a record; no operation at all means the instance agreed. */
export function targetOutcome(change: ChangeOutcomeDto | undefined): IngestionTargetOutcome {
  if (!change) return { outcome: 'unchanged' };
  if (change.error !== null) return { outcome: 'failed', error: change.error };
  const fields = change.appliedFields.length > 0 ? { fields: change.appliedFields } : {};
  if (change.decision === 'review') {
    if (change.reviewItemId) {
      return { outcome: 'in_review', reviewItemId: change.reviewItemId, ...fields };
    }
    return { outcome: 'unchanged', error: `not written: ${change.why}`, ...fields };
  }
  if (change.decision === 'drop') {
    return { outcome: 'unchanged', error: `not written: ${change.why}` };
  }
  return { outcome: change.action === 'create' ? 'created' : 'updated', ...fields };
}

/** The entity's outcome over all targets: the most demanding one wins. */
export function overallOutcome(
  targets: readonly IngestionTargetOutcome[],
): Exclude<EntityOutcome, 'pending'> {
  let worst: IngestionTargetOutcome['outcome'] = 'unchanged';
  for (const target of targets) {
    if (OUTCOME_RANK[target.outcome] > OUTCOME_RANK[worst]) worst = target.outcome;
  }
  return worst;
}
