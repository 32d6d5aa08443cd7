import { type ObjectTypeRegistry } from '@plumbline/object-types';
import { isSameReference, isSameValue } from './comparators';
import { type FieldChange, type Operation, type Plan } from './plan';
import { type PlanWriter, type WriteBatch } from './plan-writer';
import { type CanonicalRecord, type JsonValue, type ReferenceValue } from './record';

export type OperationStatus = 'applied' | 'unchanged' | 'failed' | 'skipped' | 'stale';

export interface OperationResult {
  id: number;
  status: OperationStatus;
  /** Why it failed, was skipped or is stale. */
  reason?: string;
  ids?: Record<string, string | number>;
}

export interface ApplyResult {
  results: OperationResult[];
  counts: Record<OperationStatus, number>;
}

export interface ApplyOptions {
  /** Operations per write call; default 500. */
  batchSize?: number;
}

/** Changes written by an update: source-side changes and conflicts resolved for the source. */
export function writableChanges(operation: Operation): FieldChange[] {
  return (operation.changes ?? []).filter((change) =>
    change.isConflict ? change.resolution === 'source' : change.side === 'source',
  );
}

/**
 * Applies a plan through a writer, batch by batch in plan order. A failed operation does not
 * stop the run; operations that depend on it are skipped with the reason. With a reading
 * writer every batch is re-checked first, so a second run of the same plan writes nothing.
 */
export class ApplyRunner {
  constructor(
    private readonly registry: ObjectTypeRegistry,
    private readonly writer: PlanWriter,
    private readonly options: ApplyOptions = {},
  ) {}

  async apply(plan: Plan): Promise<ApplyResult> {
    const results = new Map<number, OperationResult>();
    const byId = new Map(plan.operations.map((operation) => [operation.id, operation]));
    for (const batch of batchesOf(plan.operations)) {
      const ready: Operation[] = [];
      for (const operation of batch.operations) {
        const blocked = this.blockedReason(operation, results, byId);
        if (!blocked && isNothingToWrite(operation)) {
          results.set(operation.id, { id: operation.id, status: 'unchanged' });
        } else if (blocked) {
          results.set(operation.id, { id: operation.id, status: 'skipped', reason: blocked });
        } else {
          ready.push(operation);
        }
      }
      const toWrite = await this.recheck({ ...batch, operations: ready }, results);
      await this.write({ ...batch, operations: toWrite }, results);
    }
    const ordered = plan.operations.map(
      (operation) => results.get(operation.id) ?? { id: operation.id, status: 'skipped' as const },
    );
    const counts = { applied: 0, unchanged: 0, failed: 0, skipped: 0, stale: 0 };
    for (const result of ordered) counts[result.status] += 1;
    return { results: ordered, counts };
  }

  private blockedReason(
    operation: Operation,
    results: ReadonlyMap<number, OperationResult>,
    byId: ReadonlyMap<number, Operation>,
  ): string | undefined {
    if (operation.conflict) {
      return `unresolved conflict: ${operation.conflict}`;
    }
    if (operation.changes?.some((change) => change.isConflict && !change.resolution)) {
      return 'unresolved field conflict';
    }
    for (const dependency of operation.dependsOn ?? []) {
      const result = results.get(dependency);
      if (
        result &&
        (result.status === 'failed' || result.status === 'skipped' || result.status === 'stale')
      ) {
        const blocker = byId.get(dependency);
        const label = blocker
          ? `${blocker.action} ${blocker.type} ${blocker.newKey ?? blocker.key}`
          : '';
        return `depends on operation ${dependency} (${label}), which was ${result.status}`;
      }
    }
    return undefined;
  }

  /** Drops operations the target already reflects, and marks those it moved away from. */
  private async recheck(
    batch: WriteBatch,
    results: Map<number, OperationResult>,
  ): Promise<Operation[]> {
    if (!this.writer.read || batch.operations.length === 0) {
      return [...batch.operations];
    }
    const keys = batch.operations.map((operation) => operation.key);
    for (const operation of batch.operations) {
      if (operation.newKey !== undefined) keys.push(operation.newKey);
    }
    const current = await this.writer.read(batch.type, keys);
    const toWrite: Operation[] = [];
    for (const operation of batch.operations) {
      const verdict = this.verdict(operation, current);
      if (verdict === undefined) {
        toWrite.push(operation);
      } else {
        results.set(operation.id, { id: operation.id, ...verdict });
      }
    }
    return toWrite;
  }

  private verdict(
    operation: Operation,
    current: ReadonlyMap<string, CanonicalRecord>,
  ): Pick<OperationResult, 'status' | 'reason'> | undefined {
    const record = current.get(operation.key);
    if (operation.action === 'delete') {
      return record ? undefined : { status: 'unchanged' };
    }
    if (operation.action === 'create') {
      if (!record) return undefined;
      const isDone = this.isSatisfied(record, operation.attrs ?? {}, operation.refs ?? {});
      return isDone
        ? { status: 'unchanged' }
        : { status: 'stale', reason: 'already exists with other values' };
    }
    const renamed = operation.newKey === undefined ? undefined : current.get(operation.newKey);
    const subject = renamed ?? record;
    if (!subject) {
      return { status: 'stale', reason: 'no longer exists on the target' };
    }
    const type = this.registry.get(operation.type);
    // A rename is done once the record answers to its new key.
    let isDone = operation.newKey === undefined || renamed !== undefined;
    for (const change of writableChanges(operation)) {
      const value = change.isReference ? subject.refs[change.field] : subject.attrs[change.field];
      const rule = type.attributeByName.get(change.field) ?? {};
      const isSame = (expected: FieldChange['proposed']) =>
        change.isReference
          ? isSameReference(value as ReferenceValue, expected as ReferenceValue)
          : isSameValue(value as JsonValue, expected as JsonValue, rule);
      if (isSame(change.proposed)) continue;
      isDone = false;
      if (!isSame(change.current)) {
        return { status: 'stale', reason: `${change.field} changed on the target since the plan` };
      }
    }
    return isDone ? { status: 'unchanged' } : undefined;
  }

  private isSatisfied(
    record: CanonicalRecord,
    attrs: Record<string, JsonValue>,
    refs: Record<string, ReferenceValue>,
  ): boolean {
    const type = this.registry.get(record.type);
    return (
      Object.entries(attrs).every(([field, value]) =>
        isSameValue(record.attrs[field], value, type.attributeByName.get(field) ?? {}),
      ) &&
      Object.entries(refs).every(([field, value]) => isSameReference(record.refs[field], value))
    );
  }

  private async write(batch: WriteBatch, results: Map<number, OperationResult>): Promise<void> {
    const size = Math.max(1, this.options.batchSize ?? 500);
    for (let start = 0; start < batch.operations.length; start += size) {
      const operations = batch.operations.slice(start, start + size);
      let written: readonly {
        status: 'applied' | 'failed';
        error?: string;
        ids?: Record<string, string | number>;
      }[];
      try {
        written = await this.writer.write({ ...batch, operations });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        written = operations.map(() => ({ status: 'failed' as const, error: reason }));
      }
      operations.forEach((operation, index) => {
        const outcome = written[index] ?? { status: 'failed', error: 'writer returned no result' };
        results.set(operation.id, {
          id: operation.id,
          status: outcome.status,
          ...(outcome.error !== undefined ? { reason: outcome.error } : {}),
          ...(outcome.ids ? { ids: outcome.ids } : {}),
        });
      });
    }
  }
}

/** An update holding only target-side changes (drift) or conflicts resolved for the target. */
function isNothingToWrite(operation: Operation): boolean {
  return (
    operation.action === 'update' &&
    operation.newKey === undefined &&
    writableChanges(operation).length === 0
  );
}

/** Consecutive operations of the same level, type and action. */
export function batchesOf(operations: readonly Operation[]): WriteBatch[] {
  const batches: WriteBatch[] = [];
  let batch:
    | { action: Operation['action']; type: string; level: number; operations: Operation[] }
    | undefined;
  for (const operation of operations) {
    if (
      !batch ||
      batch.level !== operation.level ||
      batch.type !== operation.type ||
      batch.action !== operation.action
    ) {
      batch = {
        action: operation.action,
        type: operation.type,
        level: operation.level,
        operations: [],
      };
      batches.push(batch);
    }
    batch.operations.push(operation);
  }
  return batches;
}
