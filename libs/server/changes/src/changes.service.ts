import { Injectable } from '@nestjs/common';
import { connectorRegistry, type MappedAdapter } from '@plumbline/connector-http';
import {
  ApplyRunner,
  type CanonicalRecord,
  DiffEngine,
  type Operation,
  type Plan,
  PLAN_FORMAT,
  RecordFormatError,
  RecordLoader,
  RecordSet,
} from '@plumbline/diff-engine';
import {
  type OperationDecision,
  type PolicySet,
  rejectionFingerprint,
  resolveConflicts,
} from '@plumbline/policy';
import { PoliciesService } from '@plumbline/server-policies';
import { ReviewsService } from '@plumbline/server-reviews';
import { BaselinesRepository } from './baselines.repository';
import { InvalidRecordsError } from './changes.errors';
import { ConnectorTargets } from './connector-targets';
import {
  type ChangeOutcomeDto,
  type ProposeChangesDto,
  type ProposeChangesResultDto,
} from './dto/changes.dto';

function groupKeys(records: readonly CanonicalRecord[]): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const record of records)
    byType.set(record.type, [...(byType.get(record.type) ?? []), record.key]);
  return byType;
}

/**
 * A source proposes records for one connector's instance: three-way diff against the live
 * instance and the baselines, policy decides per field, what may be written is written at
 * once, contested fields go to the review queue.
 */
@Injectable()
export class ChangesService {
  private readonly loader = new RecordLoader(connectorRegistry);
  private readonly engine = new DiffEngine(connectorRegistry);

  constructor(
    private readonly targets: ConnectorTargets,
    private readonly baselines: BaselinesRepository,
    private readonly policies: PoliciesService,
    private readonly reviews: ReviewsService,
  ) {}

  async propose(connectorId: string, input: ProposeChangesDto): Promise<ProposeChangesResultDto> {
    const observedAt = input.observedAt ?? new Date().toISOString();
    const records = this.toRecords(input, observedAt);
    const adapter = await this.targets.adapterFor(connectorId);
    return this.applyRecords(connectorId, adapter, records, { source: input.source, observedAt });
  }

  /**
   * The proposal flow for records already in canonical form: three-way diff against the live
   * instance and the baselines, policy per field, applicable parts written in bulk, contested
   * ones queued for review, baselines moved for what now agrees. Fields a record does not
   * carry are not compared, so they are never written.
   */
  async applyRecords(
    connectorId: string,
    adapter: MappedAdapter,
    records: readonly CanonicalRecord[],
    provenance: { source: string; observedAt: string },
    /** The policy set, when the caller has it already (a worker applying many chunks). */
    policies?: PolicySet,
  ): Promise<ProposeChangesResultDto> {
    const { source, observedAt } = provenance;
    const keysByType = groupKeys(records);

    const live: CanonicalRecord[] = [];
    const base: CanonicalRecord[] = [];
    for (const [type, keys] of keysByType) {
      live.push(...(await adapter.read(type, keys)).values());
      base.push(...(await this.baselines.find(connectorId, type, keys)));
    }
    const plan = this.engine.diff(RecordSet.of(records), RecordSet.of(live), {
      base: RecordSet.of(base),
      shouldSkipUnmatchedTarget: true,
      scope: { types: [...keysByType.keys()], keys: Object.fromEntries(keysByType) },
    });
    const liveByKey = new Map(live.map((record) => [`${record.type}/${record.key}`, record]));
    const resolution = resolveConflicts({
      policies: policies ?? (await this.policies.currentSet()),
      plan,
      context: (operation) => {
        const targetObservedAt = liveByKey.get(`${operation.type}/${operation.key}`)?.observedAt;
        return {
          source,
          sourceObservedAt: observedAt,
          ...(targetObservedAt && { targetObservedAt }),
        };
      },
      rejected: await this.reviews.rejectedAmong(this.candidateFingerprints(plan, source)),
    });

    const applied = await this.applyApplicable(adapter, resolution.operations);
    const outcomes: ChangeOutcomeDto[] = [];
    for (const decision of resolution.operations) {
      const outcome = applied.get(decision.operation.id);
      const review =
        decision.decision === 'review'
          ? await this.queue(connectorId, decision, source, observedAt)
          : undefined;
      outcomes.push({
        type: decision.operation.type,
        key: decision.operation.key,
        action: decision.operation.action,
        decision: decision.decision,
        rule: decision.rule,
        why: decision.why,
        appliedFields: outcome?.error === null ? (outcome.fields ?? []) : [],
        error: outcome?.error ?? null,
        reviewItemId: review && review.status !== 'suppressed' ? review.item.id : null,
        reviewStatus: review?.status ?? null,
      });
    }

    // Only what now agrees (unchanged, or applied in full just now) becomes the new baseline.
    // A record with a dropped, contested or failed field keeps its old one, so the next
    // proposal is still compared with the last state both sides agreed on.
    const pending = new Set(
      resolution.operations
        .filter(
          (decision) =>
            decision.decision !== 'apply' || applied.get(decision.operation.id)?.error !== null,
        )
        .map((decision) => `${decision.operation.type}/${decision.operation.key}`),
    );
    const written = new Set(
      resolution.operations.map(
        (decision) => `${decision.operation.type}/${decision.operation.key}`,
      ),
    );
    const settled: CanonicalRecord[] = [];
    for (const [type, keys] of keysByType) {
      const settledKeys = keys.filter((key) => !pending.has(`${type}/${key}`));
      // Unchanged records are settled as the instance showed them a moment ago; only
      // written ones are read again.
      const rereadKeys = settledKeys.filter((key) => written.has(`${type}/${key}`));
      for (const key of settledKeys) {
        const seen = liveByKey.get(`${type}/${key}`);
        if (seen && !written.has(`${type}/${key}`)) settled.push(seen);
      }
      if (rereadKeys.length > 0) settled.push(...(await adapter.read(type, rereadKeys)).values());
    }
    await this.baselines.save(connectorId, settled);
    return { unchanged: plan.summary.total.noop, outcomes };
  }

  private toRecords(input: ProposeChangesDto, observedAt: string): CanonicalRecord[] {
    const problems: Array<{ field: string; reason: string }> = [];
    const records: CanonicalRecord[] = [];
    input.records.forEach((line, index) => {
      try {
        records.push(
          this.loader.toRecord({ ...line, source: input.source, observedAt }, `records.${index}`),
        );
      } catch (error) {
        if (!(error instanceof RecordFormatError)) throw error;
        const [field, ...reason] = error.message.split(': ');
        problems.push({ field: field ?? `records.${index}`, reason: reason.join(': ') });
      }
    });
    if (problems.length > 0) throw new InvalidRecordsError(problems);
    return records;
  }

  /** Fingerprints a rejection of any proposed field value would have been remembered by. */
  private candidateFingerprints(plan: Plan, source: string): string[] {
    return plan.operations.flatMap((operation) =>
      (operation.changes ?? []).map((change) =>
        rejectionFingerprint({
          objectType: operation.type,
          key: operation.key,
          field: change.field,
          proposed: change.proposed,
          source,
        }),
      ),
    );
  }

  /** Writes every operation's applicable part, in dependency order, in bulk batches. */
  private async applyApplicable(
    adapter: MappedAdapter,
    decisions: readonly OperationDecision[],
  ): Promise<Map<number, { error: string | null; fields?: string[] }>> {
    const applicable = decisions.flatMap((decision) =>
      decision.applicable ? [decision.applicable] : [],
    );
    const outcomes = new Map<number, { error: string | null; fields?: string[] }>();
    if (applicable.length === 0) return outcomes;
    const plan: Plan = {
      format: PLAN_FORMAT,
      mode: 'three-way',
      operations: applicable,
      summary: {
        byType: {},
        total: { create: 0, update: 0, delete: 0, noop: 0, drift: 0, skip: 0, conflict: 0 },
      },
    };
    const result = await new ApplyRunner(connectorRegistry, adapter).apply(plan);
    for (const entry of result.results) {
      const operation = applicable.find((candidate: Operation) => candidate.id === entry.id);
      const fields =
        operation?.changes?.map((change) => change.field) ??
        Object.keys({ ...operation?.attrs, ...operation?.refs });
      outcomes.set(
        entry.id,
        entry.status === 'applied'
          ? { error: null, fields }
          : { error: `${entry.status}: ${entry.reason ?? ''}`.trim() },
      );
    }
    return outcomes;
  }

  private queue(
    connectorId: string,
    decision: OperationDecision,
    source: string,
    observedAt: string,
  ) {
    const contested = decision.fields.filter((field) => field.decision === 'review');
    const reviewed = contested.length > 0 ? contested : decision.fields;
    const fields = reviewed.map((field) => ({
      field: field.field,
      base: field.change.base ?? null,
      current: field.change.current ?? null,
      proposed: field.change.proposed ?? null,
      ...(field.change.isReference && { isReference: true }),
      ...(field.change.isConflict && { isConflict: true }),
    }));
    const operation: Operation = {
      ...decision.operation,
      ...(decision.operation.changes && {
        changes: decision.operation.changes.filter((change) =>
          reviewed.some((field) => field.field === change.field),
        ),
      }),
    };
    const targetObservedAt = decision.sources.targetObservedAt ?? null;
    return this.reviews.submit({
      connectorId,
      operation,
      fields,
      sources: [
        { name: source, observedAt },
        { name: 'target', observedAt: targetObservedAt },
      ],
      source,
      rule: contested[0]?.rule ?? decision.rule,
      reason: contested.map((field) => `${field.field}: ${field.why}`).join('; ') || decision.why,
    });
  }
}
