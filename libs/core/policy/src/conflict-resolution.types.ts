import { type FieldChange, type Operation } from '@plumbline/diff-engine';

/** What happens to a change: written now, not written (with a reason), or put to an operator. */
export type Decision = 'apply' | 'drop' | 'review';

/**
 * Every rule that can decide, by stable id: the API filters review items by it and the UI
 * explains it. Ids of policy strategies and triggers follow the policy's own names.
 */
export const RULES = {
  /** A reviewer already chose a side for this change (`FieldChange.resolution`). */
  reviewerResolution: 'reviewer-resolution',
  /** The field is in `conflict_resolution.excluded_fields`. */
  excludedField: 'excluded-field',
  /** Only the target changed the field: nothing to write, the target's edit stays. */
  targetOnlyChange: 'target-only-change',
  /** Discovery owns the field on a record discovery touched. */
  discoveryOwnedField: 'discovery-precedence.owned-field',
  /** On a record discovery touched, only the safe fields may be updated. */
  discoveryNotSafeField: 'discovery-precedence.not-safe-field',
  /** Discovery touched the record; another source may not delete it. */
  discoveryRecord: 'discovery-precedence.record',
  /** The field belongs to one source (`fields.<f>.owner`). */
  fieldOwner: 'field-owner',
  immutable: 'immutable',
  triggerValueChange: 'trigger.value_changes',
  triggerFieldConflict: 'trigger.field_conflicts',
  triggerDataAge: 'trigger.data_age_difference',
  /** Only the source changed the field: written. */
  sourceChange: 'source-change',
  sourcePriority: 'strategy.source_priority',
  latestWins: 'strategy.latest_wins',
  merge: 'strategy.merge',
  manualReview: 'strategy.manual_review',
  /** An operator rejected this very proposal before. */
  previouslyRejected: 'previously-rejected',
  create: 'create',
  rename: 'rename',
  /** The update's decision follows from its fields' decisions. */
  fieldDecisions: 'field-decisions',
  /** The source changed or re-sent a record the target deleted. */
  deletedInTarget: 'conflict.deleted-in-target',
  /** The source deleted a record the target changed. */
  changedInTarget: 'conflict.changed-in-target',
  deletesNever: 'deletes.never',
  deletesSafe: 'deletes.safe',
  deletesDelete: 'deletes.delete',
  changeThreshold: 'change-threshold',
} as const;

export type RuleId = (typeof RULES)[keyof typeof RULES];

/** Where a change's two values came from and when each was observed. */
export interface ChangeSources {
  /** The source proposing the change. */
  source: string;
  sourceObservedAt?: string;
  /** Who last wrote the target's value, when known (a source name or the target itself). */
  targetSource?: string;
  targetObservedAt?: string;
}

/** Provenance of one operation, supplied by the caller (ingestion, sync run, baseline). */
export interface OperationContext extends ChangeSources {
  /** Per-field provenance of the target's values where it differs from the record's. */
  fields?: Readonly<Record<string, Partial<Omit<ChangeSources, 'source'>>>>;
  /**
   * The target record holds data from discovery (e.g. a discovery tag). A record whose
   * `targetSource` is a discovery source counts as touched without this flag.
   */
  isDiscoveryTouched?: boolean;
}

export interface FieldDecision {
  field: string;
  decision: Decision;
  rule: RuleId;
  /** Why, in words an operator understands. */
  why: string;
  /** The value to write when applied: the proposed value, or a merged one. */
  value?: unknown;
  change: FieldChange;
  sources: ChangeSources;
  /** For review decisions: the fingerprint a rejection is remembered by. */
  fingerprint?: string;
}

export interface OperationDecision {
  operation: Operation;
  decision: Decision;
  rule: RuleId;
  why: string;
  /** Update: one decision per changed field. Create: the fields left out of the record. */
  fields: FieldDecision[];
  /**
   * What may be written now: the operation reduced to its applied fields (with merged
   * values, `resolution: 'source'`). Also present on a review decision when some fields
   * were applied; absent when nothing may be written yet.
   */
  applicable?: Operation;
  /** Safe delete: set this status and add this tag instead of deleting. */
  softDelete?: { status: string; tag: string };
  /** For create/delete review decisions: the fingerprint a rejection is remembered by. */
  fingerprint?: string;
  sources: ChangeSources;
}

/** The change threshold of one type, as checked. */
export interface ThresholdCheck {
  type: string;
  /** Operations that would write (apply or review) before the threshold was checked. */
  changes: number;
  /** Objects of the type on the target; undefined when the caller did not say. */
  existing: number | undefined;
  /** changes / existing; Infinity when nothing exists yet. */
  share: number;
  maxShare: number;
  minChanges: number;
  isExceeded: boolean;
}

export type DecisionCounts = Record<Decision, number>;

export interface Resolution {
  /** One decision per operation, in plan order (noops left out). */
  operations: OperationDecision[];
  thresholds: ThresholdCheck[];
  /** Operations per decision, overall and per type. */
  counts: DecisionCounts;
  countsByType: Record<string, DecisionCounts>;
}
