import { type Action, type Operation } from './plan';
import { type CanonicalRecord } from './record';

/** Operations of one type, action and level: independent of each other, written together. */
export interface WriteBatch {
  action: Action;
  type: string;
  level: number;
  operations: readonly Operation[];
}

export type WriteResult =
  | { status: 'applied'; ids?: Record<string, string | number> }
  | { status: 'failed'; error: string };

/** Where a plan is applied: a NetBox or Nautobot adapter, or memory in tests. */
export interface PlanWriter {
  /** Writes a batch; returns one result per operation, in order. */
  write(batch: WriteBatch): Promise<readonly WriteResult[]>;
  /**
   * Reads the current records of these keys, when the target can be re-checked: the runner then
   * skips what is already done and what the target changed since the plan was made.
   */
  read?(type: string, keys: readonly string[]): Promise<ReadonlyMap<string, CanonicalRecord>>;
}
