import { type ExternalIds, type JsonValue, type ReferenceValue } from './record';

export type Action = 'create' | 'update' | 'delete';

export type FieldValue = JsonValue | ReferenceValue;

/** One field that differs. `current` is the target's value, `proposed` the source's. */
export interface FieldChange {
  field: string;
  /** The field is a reference (its values are natural keys). */
  isReference?: true;
  /** Present in three-way diffs: the value at the baseline (null when it had none). */
  base?: FieldValue;
  current: FieldValue;
  proposed: FieldValue;
  /** Which side changed the field since the baseline; always `source` in two-way diffs. */
  side: 'source' | 'target';
  /** Both sides changed the field, differently. Not written until resolved. */
  isConflict?: true;
  /** How a conflict was resolved (set by policy or a reviewer); `source` writes `proposed`. */
  resolution?: 'source' | 'target';
}

/** Why a create or delete cannot be applied on its own in a three-way diff. */
export type OperationConflict = 'deleted-in-target' | 'changed-in-target';

export interface Operation {
  /** Position in the plan; other operations refer to it in `dependsOn`. */
  id: number;
  action: Action;
  type: string;
  /** Natural key on the target (for a create: the key it will have). */
  key: string;
  /** A rename: the natural key after the update (matched by external id). */
  newKey?: string;
  /** Operations with the same level and type do not depend on each other: one bulk batch. */
  level: number;
  /** Create: the attributes and references to write. */
  attrs?: Record<string, JsonValue>;
  refs?: Record<string, ReferenceValue>;
  /** Update: the fields that differ. */
  changes?: FieldChange[];
  /** External ids: the target's (update, delete) or the source's (create). */
  ids?: Record<string, string | number>;
  /** Sets references left out of a create to break a cycle. */
  isPatch?: true;
  conflict?: OperationConflict;
  /** Operations that must succeed first. */
  dependsOn?: number[];
}

/**
 * `drift`: only the target changed (three-way); nothing to write. `skip`: left out by an option
 * or the ownership filter. `conflict`: operations holding a conflict (not in the other counts).
 */
export type SummaryCount = 'create' | 'update' | 'delete' | 'noop' | 'drift' | 'skip' | 'conflict';

export type TypeSummary = Record<SummaryCount, number>;

export interface PlanSummary {
  byType: Record<string, TypeSummary>;
  total: TypeSummary;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  mode: 'two-way' | 'three-way';
  operations: Operation[];
  summary: PlanSummary;
}

export const PLAN_FORMAT = 'plumbline.plan/v1';

export function emptyTypeSummary(): TypeSummary {
  return { create: 0, update: 0, delete: 0, noop: 0, drift: 0, skip: 0, conflict: 0 };
}

/** The number of operations that would change the target (creates, updates, deletes). */
export function countChanges(summary: PlanSummary): number {
  return summary.total.create + summary.total.update + summary.total.delete;
}

export function toExternalIds(
  ids: ExternalIds | undefined,
): Record<string, string | number> | undefined {
  return ids ? { ...ids } : undefined;
}
