import { Injectable, Logger } from '@nestjs/common';
import { connectorRegistry, type MappedAdapter } from '@plumbline/connector-http';
import { type CanonicalRecord } from '@plumbline/diff-engine';
import { type DriftPolicy, driftPolicyOf, findPolicy } from '@plumbline/policy';
import { BaselinesRepository, ConnectorTargets } from '@plumbline/server-changes';
import {
  type DriftDecision,
  type DriftTrigger,
  type IngestedRecordEntity,
} from '@plumbline/server-database';
import { PoliciesService } from '@plumbline/server-policies';
import { type DriftCheckJob } from '@plumbline/server-queue';
import { ReviewsService } from '@plumbline/server-reviews';
import {
  correctionOf,
  detectDrift,
  type DriftFinding,
  type IntendedRecord,
} from './drift-detection';
import { DriftEventsRepository } from './drift-events.repository';
import { DriftMetrics } from './drift-metrics';
import { IngestedRecordsRepository } from './ingested-records.repository';

/** One ingested record with what the instance and the baseline hold for it. */
export interface DriftSubject {
  record: IngestedRecordEntity;
  live: CanonicalRecord | undefined;
  base: CanonicalRecord | undefined;
}

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 4000);
}

function intendedOf(record: IngestedRecordEntity): IntendedRecord {
  return { key: record.objectKey, attrs: record.attrs, refs: record.refs };
}

/**
 * Compares ingested records with the live instance (and the baselines) and settles drift as
 * the type's policy says: write the intended values back, ask an operator, or take the
 * instance's values. Every decision is recorded; a check that finds nothing only moves
 * `checked_at`.
 */
@Injectable()
export class DriftCheckService {
  private readonly logger = new Logger(DriftCheckService.name);

  constructor(
    private readonly targets: ConnectorTargets,
    private readonly baselines: BaselinesRepository,
    private readonly ingested: IngestedRecordsRepository,
    private readonly events: DriftEventsRepository,
    private readonly policies: PoliciesService,
    private readonly reviews: ReviewsService,
    private readonly metrics: DriftMetrics,
  ) {}

  /** The type's drift settings from the stored policies. */
  async policyFor(objectType: string): Promise<DriftPolicy> {
    return driftPolicyOf(findPolicy(await this.policies.currentSet(), objectType));
  }

  /** A webhook said this one object changed: read it by its id and settle what drifted. */
  async checkWebhook(job: DriftCheckJob): Promise<DriftDecision | undefined> {
    const record = await this.ingested.findOne(job.connectorId, job.objectType, job.objectKey);
    if (!record) {
      this.logger.log({ ...job }, 'drift check skipped: the record is no longer ingested');
      return undefined;
    }
    const adapter = await this.targets.sharedAdapterFor(job.connectorId);
    const live = (await adapter.readByIds(job.objectType, [job.peerId], job.endpoint)).get(
      String(job.peerId),
    );
    const [base] = await this.baselines.find(job.connectorId, job.objectType, [job.objectKey]);
    const decision = await this.settle(
      adapter,
      { record, live, base },
      'webhook',
      await this.policyFor(job.objectType),
    );
    const seconds = (Date.now() - Date.parse(job.receivedAt)) / 1000;
    this.metrics.observeWebhookLatency(decision ?? 'none', seconds);
    this.logger.log(
      {
        connectorId: job.connectorId,
        objectType: job.objectType,
        event: job.event,
        decision: decision ?? 'none',
        latencyMs: Math.round(seconds * 1000),
        correlationId: job.correlationId,
      },
      'webhook drift check done',
    );
    return decision;
  }

  /**
   * Checks ingested records of one type on one connector: keyed reads of the live objects, then
   * by baseline id for keys the instance no longer has (a rename is not a deletion).
   */
  async checkRecords(
    connectorId: string,
    objectType: string,
    records: readonly IngestedRecordEntity[],
    trigger: DriftTrigger,
    policy: DriftPolicy,
  ): Promise<Map<string, DriftDecision>> {
    const decisions = new Map<string, DriftDecision>();
    if (records.length === 0) return decisions;
    const adapter = await this.targets.sharedAdapterFor(connectorId);
    const keys = records.map((record) => record.objectKey);
    const live = new Map(await adapter.read(objectType, keys));
    const bases = new Map(
      (await this.baselines.find(connectorId, objectType, keys)).map((base) => [base.key, base]),
    );
    const idKey = adapter.options.idKey;
    const missing = new Map<string, string>();
    for (const key of keys) {
      const id = bases.get(key)?.ids?.[idKey];
      if (!live.has(key) && id !== undefined) missing.set(String(id), key);
    }
    if (missing.size > 0) {
      const byId = await adapter.readByIds(objectType, [...missing.keys()]);
      for (const [id, record] of byId) live.set(missing.get(id) as string, record);
    }
    for (const record of records) {
      const decision = await this.settle(
        adapter,
        { record, live: live.get(record.objectKey), base: bases.get(record.objectKey) },
        trigger,
        policy,
      );
      if (decision) decisions.set(record.objectKey, decision);
    }
    return decisions;
  }

  /** Decides one record's drift, if any, and records what was done. */
  private async settle(
    adapter: MappedAdapter,
    subject: DriftSubject,
    trigger: DriftTrigger,
    policy: DriftPolicy,
  ): Promise<DriftDecision | undefined> {
    const { record } = subject;
    const type = connectorRegistry.get(record.objectType);
    let finding = detectDrift(type, intendedOf(record), subject.live, subject.base);
    if (finding && subject.live && finding.fields.some((field) => field.isReference)) {
      subject = {
        ...subject,
        live: await this.rereadWithFreshReferences(adapter, subject, finding),
      };
      finding = detectDrift(type, intendedOf(record), subject.live, subject.base);
    }
    const checkedAt = new Date();
    if (!finding) {
      await this.ingested.markChecked(
        record.connectorId,
        record.objectType,
        [record.objectKey],
        checkedAt,
      );
      return undefined;
    }
    const outcome = await this.decide(adapter, subject, finding, policy);
    await this.events.add({
      connectorId: record.connectorId,
      objectType: record.objectType,
      objectKey: record.objectKey,
      trigger,
      fields: finding.fields.map(({ field, intended, live }) => ({ field, intended, live })),
      isDeleted: finding.isDeleted,
      decision: outcome.decision,
      error: outcome.error,
      reviewItemId: outcome.reviewItemId,
      detectedAt: checkedAt,
    });
    const isForgotten = outcome.decision === 'accepted' && finding.isDeleted;
    if (!isForgotten) {
      await this.ingested.markChecked(
        record.connectorId,
        record.objectType,
        [record.objectKey],
        checkedAt,
      );
    }
    this.metrics.countDecision(record.objectType, outcome.decision);
    this.logger.log(
      {
        connectorId: record.connectorId,
        objectType: record.objectType,
        trigger,
        isDeleted: finding.isDeleted,
        fields: finding.fields.map((field) => field.field),
        decision: outcome.decision,
        ...(outcome.error !== null && { error: outcome.error }),
      },
      'drift settled',
    );
    return outcome.decision;
  }

  private async decide(
    adapter: MappedAdapter,
    subject: DriftSubject,
    finding: DriftFinding,
    policy: DriftPolicy,
  ): Promise<{ decision: DriftDecision; error: string | null; reviewItemId: string | null }> {
    const { record, live, base } = subject;
    const type = connectorRegistry.get(record.objectType);
    const operation = correctionOf(type, intendedOf(record), live, base, finding);
    try {
      switch (policy.action) {
        case 'correct': {
          // A re-create must not find the deleted object's id still indexed under its key.
          if (finding.isDeleted) adapter.forget(record.objectType);
          const target = await this.targets.forConnector(record.connectorId);
          const result = await target.write(operation);
          return result.status === 'applied'
            ? { decision: 'corrected', error: null, reviewItemId: null }
            : { decision: 'failed', error: result.error, reviewItemId: null };
        }
        case 'review': {
          const changed = finding.fields.map((field) => field.field).join(', ');
          const outcome = await this.reviews.submit({
            connectorId: record.connectorId,
            operation,
            fields: finding.fields.map((field) => ({
              field: field.field,
              base: field.base,
              current: field.live,
              proposed: field.intended,
              ...(field.isReference && { isReference: true }),
            })),
            sources: [
              { name: record.source, observedAt: record.ingestedAt.toISOString() },
              { name: 'target', observedAt: live?.observedAt ?? null },
            ],
            source: record.source,
            rule: 'drift',
            reason: finding.isDeleted
              ? 'drift: the instance deleted an object that was ingested; approving re-creates it'
              : `drift: the instance changed ${changed} away from the ingested values; approving writes them back`,
          });
          return {
            decision: 'review',
            error: null,
            reviewItemId: outcome.status === 'suppressed' ? null : outcome.item.id,
          };
        }
        case 'accept': {
          if (finding.isDeleted || !live) {
            await this.ingested.forget(record.connectorId, record.objectType, record.objectKey);
          } else {
            const attrs: Record<string, unknown> = {};
            const refs: Record<string, unknown> = {};
            for (const field of finding.fields) {
              (field.isReference ? refs : attrs)[field.field] = field.live;
            }
            await this.ingested.acceptValues(record, attrs, refs, new Date());
            await this.baselines.save(record.connectorId, [{ ...live, key: record.objectKey }]);
          }
          return { decision: 'accepted', error: null, reviewItemId: null };
        }
      }
    } catch (error) {
      return { decision: 'failed', error: describeError(error), reviewItemId: null };
    }
  }

  /**
   * A shared adapter's index of referenced types may predate a parent created since (its key
   * reads as unknown): drop the indexes of the drifted references' types and read once more.
   */
  private async rereadWithFreshReferences(
    adapter: MappedAdapter,
    subject: DriftSubject,
    finding: DriftFinding,
  ): Promise<CanonicalRecord | undefined> {
    const live = subject.live as CanonicalRecord;
    const id = live.ids?.[adapter.options.idKey];
    if (id === undefined) return live;
    const type = connectorRegistry.get(subject.record.objectType);
    for (const field of finding.fields) {
      const reference = type.referenceByName.get(field.field);
      if (field.isReference && reference) adapter.forget(reference.to);
    }
    return (await adapter.readByIds(type.name, [id])).get(String(id)) ?? live;
  }
}
