import { type FieldChange, type Operation, type Plan } from '@plumbline/diff-engine';
import {
  type ChangeSources,
  type Decision,
  type DecisionCounts,
  type FieldDecision,
  type OperationContext,
  type OperationDecision,
  type Resolution,
  type RuleId,
  RULES,
  type ThresholdCheck,
} from './conflict-resolution.types';
import { parseDuration } from './duration';
import { normalizeIso8601 } from './iso8601';
import { concatenateValues, unionValues } from './merge-values';
import { findPolicy } from './policy.parser';
import {
  type ConflictStrategy,
  type ObjectTypePolicy,
  objectTypePolicySchema,
  type PolicySet,
} from './policy.schema';
import { CREATE_FIELD, DELETE_FIELD, rejectionFingerprint } from './rejection-fingerprint';

export interface ResolveInput {
  policies: PolicySet;
  /** A three-way (or two-way) plan from the diff engine, or its operations. */
  plan: Plan | readonly Operation[];
  /** Provenance: one context for the whole run, or one per operation. */
  context: OperationContext | ((operation: Operation) => OperationContext);
  /** Objects of each type on the target, for the change threshold. */
  objectCounts?: Readonly<Record<string, number>>;
  /** Fingerprints of proposals operators rejected (see `rejectionFingerprint`). */
  rejected?: ReadonlySet<string>;
}

/**
 * Decides, for every operation of a plan and every field change in it, whether it is
 * applied, dropped or put to review, and records the rule and the reason. Pure and
 * deterministic: the same input gives the same decisions (no clock is read; ages come
 * from the timestamps given).
 *
 * Order of rules for a field change, first match wins:
 * 1. a reviewer's resolution on the change;
 * 2. rules that forbid writing (drop): excluded field, only the target changed,
 *    discovery precedence, a field owned by another source;
 * 3. rules that demand a person (review): immutable field, review triggers;
 * 4. only the source changed: apply;
 * 5. a conflict: the field's owner wins, else the field's or type's strategy.
 * A review of a proposal an operator rejected before becomes a drop.
 * Then per type, the change threshold may hold every writing operation for review.
 */
export function resolveConflicts(input: ResolveInput): Resolution {
  const operations = 'operations' in input.plan ? input.plan.operations : input.plan;
  const contextOf = typeof input.context === 'function' ? input.context : constant(input.context);
  const rules = new RuleBook(input.policies);
  const rejected = input.rejected ?? new Set<string>();

  const decisions = operations.map((operation) => {
    const resolver = new OperationResolver(operation, contextOf(operation), rules, rejected);
    return resolver.resolve();
  });
  const thresholds = applyThresholds(decisions, rules, input.objectCounts ?? {});
  return { operations: decisions, thresholds, ...countDecisions(decisions) };
}

/** A type's policy with what every decision needs worked out once. */
interface TypeRules {
  policy: ObjectTypePolicy;
  defaultStrategy: ConflictStrategy;
  valueChangeFields: ReadonlySet<string>;
  conflictFields: ReadonlySet<string>;
  maxAgeDifferenceMs: number | undefined;
  maxAgeDifference: string | undefined;
  priority: ReadonlyMap<string, number>;
}

class RuleBook {
  private readonly byType = new Map<string, TypeRules>();

  constructor(private readonly set: PolicySet) {}

  of(type: string): TypeRules {
    let rules = this.byType.get(type);
    if (!rules) {
      // A type without a policy gets the defaults: manual review by default, no deletes.
      const policy = findPolicy(this.set, type) ?? defaultPolicyFor(type);
      const global = this.set.review_triggers;
      const own = policy.review_triggers;
      const maxAgeDifference = own.data_age_difference ?? global.data_age_difference;
      rules = {
        policy,
        defaultStrategy: this.set.default_strategy,
        valueChangeFields: new Set([...global.value_changes, ...own.value_changes]),
        conflictFields: new Set([...global.field_conflicts, ...own.field_conflicts]),
        maxAgeDifference,
        maxAgeDifferenceMs:
          maxAgeDifference === undefined ? undefined : parseDuration(maxAgeDifference),
        priority: new Map(policy.source_priority.map((source, index) => [source, index])),
      };
      this.byType.set(type, rules);
    }
    return rules;
  }
}

type Verdict = { decision: Decision; rule: RuleId; why: string; value?: unknown };

class OperationResolver {
  private readonly rules: TypeRules;
  private readonly policy: ObjectTypePolicy;
  private readonly sources: ChangeSources;

  constructor(
    private readonly operation: Operation,
    private readonly context: OperationContext,
    ruleBook: RuleBook,
    private readonly rejected: ReadonlySet<string>,
  ) {
    this.rules = ruleBook.of(operation.type);
    this.policy = this.rules.policy;
    this.sources = sourcesOf(context);
  }

  resolve(): OperationDecision {
    switch (this.operation.action) {
      case 'create':
        return this.resolveCreate();
      case 'delete':
        return this.resolveDelete();
      case 'update':
        return this.resolveUpdate();
    }
  }

  private resolveCreate(): OperationDecision {
    const { operation } = this;
    if (operation.conflict === 'deleted-in-target') {
      return this.whole(
        'review',
        RULES.deletedInTarget,
        'the target deleted this record since the baseline; the source still sends it',
        CREATE_FIELD,
        {
          attrs: operation.attrs ?? {},
          refs: operation.refs ?? {},
        },
      );
    }
    // Fields the source may not write are left out of the new record, not the whole record.
    const left: FieldDecision[] = [];
    const keep = (field: string, value: unknown): boolean => {
      const verdict = this.forbiddenOnCreate(field);
      if (!verdict) return true;
      const change: FieldChange = {
        field,
        current: null,
        proposed: value as FieldChange['proposed'],
        side: 'source',
      };
      left.push({ field, ...verdict, change, sources: this.fieldSources(field) });
      return false;
    };
    const attrs = filterEntries(operation.attrs, keep);
    const refs = filterEntries(operation.refs, keep);
    const applicable: Operation = {
      ...operation,
      ...(attrs ? { attrs: attrs as Operation['attrs'] } : {}),
      ...(refs ? { refs: refs as Operation['refs'] } : {}),
    };
    const why =
      left.length === 0
        ? 'a new record'
        : `a new record, without ${left.map((decision) => decision.field).join(', ')}`;
    return { ...this.base('apply', RULES.create, why), fields: left, applicable };
  }

  private forbiddenOnCreate(field: string): Omit<Verdict, 'value'> | undefined {
    if (this.policy.conflict_resolution.excluded_fields.includes(field)) {
      return { decision: 'drop', rule: RULES.excludedField, why: `${field} is excluded from sync` };
    }
    return this.ownerVerdict(field);
  }

  private resolveDelete(): OperationDecision {
    const { deletes, discovery_precedence: discovery } = this.policy;
    if (
      discovery &&
      this.isDiscoveryTouched() &&
      !discovery.sources.includes(this.sources.source)
    ) {
      return this.whole(
        'drop',
        RULES.discoveryRecord,
        `discovery touched this record; ${this.sources.source} may not delete it`,
      );
    }
    if (this.operation.conflict === 'changed-in-target') {
      return this.whole(
        'review',
        RULES.changedInTarget,
        'the source deleted this record but the target changed it since the baseline',
        DELETE_FIELD,
        null,
      );
    }
    switch (deletes.mode) {
      case 'never':
        return this.whole(
          'drop',
          RULES.deletesNever,
          'the policy never deletes records of this type',
        );
      case 'safe': {
        const status = deletes.status ?? '';
        const tag = deletes.tag ?? '';
        return {
          ...this.whole(
            'apply',
            RULES.deletesSafe,
            `kept, with status ${status} and tag ${tag}, instead of deleted`,
          ),
          softDelete: { status, tag },
        };
      }
      case 'delete':
        return {
          ...this.whole(
            'apply',
            RULES.deletesDelete,
            'the policy deletes records the source no longer has',
          ),
          applicable: this.operation,
        };
    }
  }

  private resolveUpdate(): OperationDecision {
    const fields = (this.operation.changes ?? []).map((change) => this.resolveField(change));
    const applied = fields.filter((field) => field.decision === 'apply');
    const reviewed = fields.filter((field) => field.decision === 'review');
    const isRename = this.operation.newKey !== undefined;
    const applicable =
      applied.length > 0 || isRename
        ? {
            ...this.operation,
            changes: applied.map((field) => ({
              ...field.change,
              proposed: field.value as FieldChange['proposed'],
              resolution: 'source' as const,
            })),
          }
        : undefined;
    const base = { fields, ...(applicable ? { applicable } : {}) };
    if (reviewed.length > 0) {
      const [first] = reviewed;
      const list = reviewed.map((field) => `${field.field} (${field.rule})`).join(', ');
      return {
        ...this.base('review', first?.rule ?? RULES.fieldDecisions, `for review: ${list}`),
        ...base,
      };
    }
    if (applied.length > 0) {
      const list = applied.map((field) => field.field).join(', ');
      return { ...this.base('apply', RULES.fieldDecisions, `writes ${list}`), ...base };
    }
    if (isRename) {
      return {
        ...this.base('apply', RULES.rename, `renamed to ${this.operation.newKey ?? ''}`),
        ...base,
      };
    }
    return { ...this.base('drop', RULES.fieldDecisions, 'no field is written'), ...base };
  }

  private resolveField(change: FieldChange): FieldDecision {
    const sources = this.fieldSources(change.field);
    let verdict = this.fieldVerdict(change, sources);
    let fingerprint: string | undefined;
    if (verdict.decision === 'review') {
      fingerprint = rejectionFingerprint({
        objectType: this.operation.type,
        key: this.operation.key,
        field: change.field,
        proposed: change.proposed,
        source: sources.source,
      });
      if (this.rejected.has(fingerprint)) {
        verdict = {
          decision: 'drop',
          rule: RULES.previouslyRejected,
          why: `an operator rejected this value from ${sources.source} before (${verdict.rule})`,
        };
      }
    }
    return {
      field: change.field,
      ...verdict,
      ...(verdict.decision === 'apply' && !('value' in verdict) ? { value: change.proposed } : {}),
      change,
      sources,
      ...(fingerprint && verdict.decision === 'review' ? { fingerprint } : {}),
    };
  }

  private fieldVerdict(change: FieldChange, sources: ChangeSources): Verdict {
    const { field } = change;
    if (change.resolution !== undefined) {
      return change.resolution === 'source'
        ? {
            decision: 'apply',
            rule: RULES.reviewerResolution,
            why: 'a reviewer chose the source value',
          }
        : {
            decision: 'drop',
            rule: RULES.reviewerResolution,
            why: 'a reviewer kept the target value',
          };
    }
    return (
      this.forbiddingVerdict(change) ??
      this.reviewVerdict(change, sources) ??
      (change.isConflict
        ? this.conflictVerdict(change, sources)
        : {
            decision: 'apply',
            rule: RULES.sourceChange,
            why: `only ${sources.source} changed ${field} since the baseline`,
          })
    );
  }

  /** Rules under which the source's value is not written at all. */
  private forbiddingVerdict(change: FieldChange): Verdict | undefined {
    const { field } = change;
    if (this.policy.conflict_resolution.excluded_fields.includes(field)) {
      return { decision: 'drop', rule: RULES.excludedField, why: `${field} is excluded from sync` };
    }
    if (change.side === 'target' && !change.isConflict) {
      return {
        decision: 'drop',
        rule: RULES.targetOnlyChange,
        why: `only the target changed ${field}; its value stays`,
      };
    }
    return this.discoveryVerdict(field) ?? this.ownerVerdict(field);
  }

  private discoveryVerdict(field: string): Verdict | undefined {
    const discovery = this.policy.discovery_precedence;
    if (
      !discovery ||
      discovery.sources.includes(this.sources.source) ||
      !this.isDiscoveryTouched()
    ) {
      return undefined;
    }
    if (discovery.owned_fields.includes(field)) {
      return {
        decision: 'drop',
        rule: RULES.discoveryOwnedField,
        why: `discovery owns ${field} on records it touched`,
      };
    }
    if (discovery.safe_fields.length > 0 && !discovery.safe_fields.includes(field)) {
      return {
        decision: 'drop',
        rule: RULES.discoveryNotSafeField,
        why: `discovery touched this record; ${field} is not a safe field`,
      };
    }
    return undefined;
  }

  private ownerVerdict(field: string): Verdict | undefined {
    const owner = this.policy.conflict_resolution.fields[field]?.owner;
    if (owner === undefined || owner === this.sources.source) return undefined;
    return {
      decision: 'drop',
      rule: RULES.fieldOwner,
      why: `${field} belongs to ${owner}, not ${this.sources.source}`,
    };
  }

  /** Rules that put a change in front of a person. */
  private reviewVerdict(change: FieldChange, sources: ChangeSources): Verdict | undefined {
    const { field } = change;
    if (this.strategyOf(field) === 'immutable') {
      return isBlank(change.current)
        ? {
            decision: 'apply',
            rule: RULES.immutable,
            why: `${field} is immutable and has no value yet`,
          }
        : { decision: 'review', rule: RULES.immutable, why: `${field} is immutable once set` };
    }
    if (this.rules.valueChangeFields.has(field)) {
      return {
        decision: 'review',
        rule: RULES.triggerValueChange,
        why: `any change of ${field} needs review`,
      };
    }
    if (!change.isConflict) return undefined;
    if (this.rules.conflictFields.has(field)) {
      return {
        decision: 'review',
        rule: RULES.triggerFieldConflict,
        why: `a conflict on ${field} needs review`,
      };
    }
    const ageDifference = observedGapMs(sources);
    const limit = this.rules.maxAgeDifferenceMs;
    if (limit !== undefined && ageDifference !== undefined && ageDifference > limit) {
      return {
        decision: 'review',
        rule: RULES.triggerDataAge,
        why: `the two values were observed ${formatMs(ageDifference)} apart, more than ${this.rules.maxAgeDifference ?? ''}`,
      };
    }
    return undefined;
  }

  private conflictVerdict(change: FieldChange, sources: ChangeSources): Verdict {
    const { field } = change;
    const override = this.policy.conflict_resolution.fields[field];
    if (override?.owner !== undefined && override.owner === sources.source) {
      return {
        decision: 'apply',
        rule: RULES.fieldOwner,
        why: `${field} belongs to ${sources.source}`,
      };
    }
    const strategy = this.strategyOf(field);
    switch (strategy) {
      case 'source_priority':
        return this.sourcePriorityVerdict(field, sources);
      case 'latest_wins':
        return latestWinsVerdict(field, sources);
      case 'merge':
        return this.mergeVerdict(change);
      case 'manual_review':
      case 'immutable':
        return {
          decision: 'review',
          rule: RULES.manualReview,
          why: `both sides changed ${field}; the policy asks a person`,
        };
    }
  }

  private sourcePriorityVerdict(field: string, sources: ChangeSources): Verdict {
    const { priority } = this.rules;
    const order = this.policy.source_priority.join(' > ');
    const sourceRank = priority.get(sources.source);
    const targetRank =
      sources.targetSource === undefined ? undefined : priority.get(sources.targetSource);
    if (sources.targetSource === undefined) {
      return {
        decision: 'review',
        rule: RULES.sourcePriority,
        why: `both sides changed ${field} and it is not known who wrote the target's value`,
      };
    }
    if (sourceRank === undefined && targetRank === undefined) {
      return {
        decision: 'review',
        rule: RULES.sourcePriority,
        why: `neither ${sources.source} nor ${sources.targetSource} is in the source priority (${order})`,
      };
    }
    // An unlisted source ranks below every listed one.
    const isSourceFirst = (sourceRank ?? Infinity) < (targetRank ?? Infinity);
    return isSourceFirst
      ? {
          decision: 'apply',
          rule: RULES.sourcePriority,
          why: `${sources.source} ranks above ${sources.targetSource} (${order})`,
        }
      : {
          decision: 'drop',
          rule: RULES.sourcePriority,
          why: `${sources.targetSource} ranks above ${sources.source} (${order}); the target's value stays`,
        };
  }

  private mergeVerdict(change: FieldChange): Verdict {
    const { field } = change;
    const method = this.policy.conflict_resolution.fields[field]?.merge;
    if (method === undefined) {
      return {
        decision: 'review',
        rule: RULES.merge,
        why: `both sides changed ${field} and the policy names no merge for it`,
      };
    }
    const separator = this.policy.conflict_resolution.concatenate_separator ?? '\n';
    const result =
      method === 'concatenate'
        ? concatenateValues(change.current, change.proposed, separator)
        : unionValues(change.base, change.current, change.proposed);
    return result.ok
      ? {
          decision: 'apply',
          rule: RULES.merge,
          why: `both sides changed ${field}; merged (${method})`,
          value: result.value,
        }
      : {
          decision: 'review',
          rule: RULES.merge,
          why: `${field} cannot be merged: ${result.reason}`,
        };
  }

  private strategyOf(field: string): ConflictStrategy {
    const override = this.policy.conflict_resolution.fields[field];
    if (override?.strategy !== undefined) return override.strategy;
    // A merge method on a field says how to merge it, so it merges whatever the type does.
    if (override?.merge !== undefined) return 'merge';
    return this.policy.conflict_resolution.strategy ?? this.rules.defaultStrategy;
  }

  private isDiscoveryTouched(): boolean {
    const discovery = this.policy.discovery_precedence;
    if (this.context.isDiscoveryTouched) return true;
    const writer = this.context.targetSource;
    return discovery !== undefined && writer !== undefined && discovery.sources.includes(writer);
  }

  private fieldSources(field: string): ChangeSources {
    return {
      ...this.sources,
      ...sourcesOf({ source: this.sources.source, ...this.context.fields?.[field] }),
    };
  }

  private base(decision: Decision, rule: RuleId, why: string): Omit<OperationDecision, 'fields'> {
    return { operation: this.operation, decision, rule, why, sources: this.sources };
  }

  /** A decision about the whole record (create or delete). */
  private whole(
    decision: Decision,
    rule: RuleId,
    why: string,
    field?: string,
    proposed?: unknown,
  ): OperationDecision {
    const result: OperationDecision = { ...this.base(decision, rule, why), fields: [] };
    if (decision !== 'review' || field === undefined) return result;
    const fingerprint = rejectionFingerprint({
      objectType: this.operation.type,
      key: this.operation.key,
      field,
      proposed,
      source: this.sources.source,
    });
    if (this.rejected.has(fingerprint)) {
      return {
        ...result,
        decision: 'drop',
        rule: RULES.previouslyRejected,
        why: `an operator rejected this from ${this.sources.source} before (${rule})`,
      };
    }
    return { ...result, fingerprint };
  }
}

function latestWinsVerdict(field: string, sources: ChangeSources): Verdict {
  const sourceTime = toEpochMs(sources.sourceObservedAt);
  const targetTime = toEpochMs(sources.targetObservedAt);
  if (sourceTime === undefined || targetTime === undefined) {
    return {
      decision: 'review',
      rule: RULES.latestWins,
      why: `both sides changed ${field} and it is not known which is newer`,
    };
  }
  // A tie keeps the target: writing would change nothing anyone could call newer.
  return sourceTime > targetTime
    ? {
        decision: 'apply',
        rule: RULES.latestWins,
        why: `${sources.source}'s value is newer (${sources.sourceObservedAt ?? ''} after ${sources.targetObservedAt ?? ''})`,
      }
    : {
        decision: 'drop',
        rule: RULES.latestWins,
        why: `the target's value is as new or newer (${sources.targetObservedAt ?? ''}, source ${sources.sourceObservedAt ?? ''})`,
      };
}

/**
 * Holds every writing operation of a type for review when the run would change more than
 * the policy's share of the type's existing objects.
 */
function applyThresholds(
  decisions: OperationDecision[],
  ruleBook: RuleBook,
  objectCounts: Readonly<Record<string, number>>,
): ThresholdCheck[] {
  const byType = new Map<string, number[]>();
  for (const [index, decision] of decisions.entries()) {
    if (decision.decision === 'drop') continue;
    const indexes = byType.get(decision.operation.type) ?? [];
    indexes.push(index);
    byType.set(decision.operation.type, indexes);
  }
  const checks: ThresholdCheck[] = [];
  for (const [type, indexes] of [...byType.entries()].sort(([left], [right]) =>
    left.localeCompare(right),
  )) {
    const threshold = ruleBook.of(type).policy.change_threshold;
    if (!threshold) continue;
    const existing = objectCounts[type];
    const changes = indexes.length;
    const share = existing === undefined || existing === 0 ? Infinity : changes / existing;
    // An unknown count holds the run: the threshold is a safety net, so it fails closed.
    const isExceeded = changes >= threshold.min_changes && share > threshold.max_share;
    checks.push({
      type,
      changes,
      existing,
      share,
      maxShare: threshold.max_share,
      minChanges: threshold.min_changes,
      isExceeded,
    });
    if (!isExceeded) continue;
    const why =
      existing === undefined
        ? `${changes} changes to ${type} and the number of existing objects is unknown`
        : `${changes} changes to ${existing} existing ${type} objects exceed the share of ${threshold.max_share}`;
    for (const index of indexes) {
      const decision = decisions[index];
      if (!decision) continue;
      const rest = { ...decision };
      // Held: nothing of this type may be written until a person decides.
      delete rest.applicable;
      decisions[index] =
        decision.decision === 'review'
          ? { ...rest, why: `${decision.why}; ${why}` }
          : { ...rest, decision: 'review', rule: RULES.changeThreshold, why };
    }
  }
  return checks;
}

function countDecisions(
  decisions: readonly OperationDecision[],
): Pick<Resolution, 'counts' | 'countsByType'> {
  const counts: DecisionCounts = { apply: 0, drop: 0, review: 0 };
  const countsByType: Record<string, DecisionCounts> = {};
  for (const { decision, operation } of decisions) {
    counts[decision] += 1;
    const typeCounts = (countsByType[operation.type] ??= { apply: 0, drop: 0, review: 0 });
    typeCounts[decision] += 1;
  }
  return { counts, countsByType };
}

function sourcesOf(context: ChangeSources): ChangeSources {
  const sources: ChangeSources = { source: context.source };
  if (context.sourceObservedAt !== undefined) sources.sourceObservedAt = context.sourceObservedAt;
  if (context.targetSource !== undefined) sources.targetSource = context.targetSource;
  if (context.targetObservedAt !== undefined) sources.targetObservedAt = context.targetObservedAt;
  return sources;
}

function observedGapMs(sources: ChangeSources): number | undefined {
  const sourceTime = toEpochMs(sources.sourceObservedAt);
  const targetTime = toEpochMs(sources.targetObservedAt);
  return sourceTime === undefined || targetTime === undefined
    ? undefined
    : Math.abs(sourceTime - targetTime);
}

/** Timestamps through the same parser as the `format` transformation: one reading everywhere. */
function toEpochMs(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const result = normalizeIso8601(timestamp);
  return result.ok ? Date.parse(result.value) : undefined;
}

function formatMs(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48
    ? `${Math.round(hours / 24)}d`
    : hours >= 1
      ? `${Math.round(hours)}h`
      : `${Math.round(ms / 60_000)}m`;
}

function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function filterEntries<T>(
  entries: Readonly<Record<string, T>> | undefined,
  keep: (field: string, value: T) => boolean,
): Record<string, T> | undefined {
  if (entries === undefined) return undefined;
  return Object.fromEntries(Object.entries(entries).filter(([field, value]) => keep(field, value)));
}

/** The defaults for a type the set has no policy for; built without checking the name. */
function defaultPolicyFor(type: string): ObjectTypePolicy {
  return {
    ...objectTypePolicySchema.parse({ object_type: 'plumbline.default' }),
    object_type: type,
  };
}

function constant<T>(value: T): () => T {
  return () => value;
}
