import { type ObjectTypeRegistry } from '@plumbline/object-types';
import { writableChanges } from './apply-runner';
import { type Operation } from './plan';
import { type PlanWriter, type WriteBatch, type WriteResult } from './plan-writer';
import {
  type CanonicalRecord,
  type JsonValue,
  type RecordSet,
  referenceKeys,
  type ReferenceValue,
} from './record';

export interface MemoryWriterOptions {
  /** Makes chosen operations fail with this message. */
  failWhen?: (operation: Operation) => string | undefined;
  /**
   * Behaves like a database with foreign keys: a write referencing a missing record fails, and
   * so does a delete of a record still referenced. Checks plan order; slow on large sets.
   */
  registry?: ObjectTypeRegistry;
}

/** A writer over a RecordSet: the reference behaviour of a target, used by tests and dry runs. */
export class MemoryWriter implements PlanWriter {
  readonly batches: WriteBatch[] = [];

  constructor(
    readonly records: RecordSet,
    private readonly options: MemoryWriterOptions = {},
  ) {}

  write(batch: WriteBatch): Promise<readonly WriteResult[]> {
    this.batches.push(batch);
    return Promise.resolve(batch.operations.map((operation) => this.writeOne(operation)));
  }

  read(type: string, keys: readonly string[]): Promise<ReadonlyMap<string, CanonicalRecord>> {
    const found = new Map<string, CanonicalRecord>();
    for (const key of keys) {
      const record = this.records.get(type, key);
      if (record) found.set(key, record);
    }
    return Promise.resolve(found);
  }

  private writeOne(operation: Operation): WriteResult {
    const error = this.options.failWhen?.(operation) ?? this.integrityError(operation);
    if (error !== undefined) {
      return { status: 'failed', error };
    }
    const existing = this.records.get(operation.type, operation.key);
    if (operation.action === 'delete') {
      this.records.delete(operation.type, operation.key);
      return { status: 'applied' };
    }
    if (operation.action === 'create') {
      this.records.put(
        recordOf(operation, operation.key, { ...operation.attrs }, { ...operation.refs }),
      );
      return { status: 'applied' };
    }
    if (!existing) {
      return { status: 'failed', error: `${operation.type} ${operation.key} does not exist` };
    }
    const attrs: Record<string, JsonValue | undefined> = { ...existing.attrs };
    const refs: Record<string, ReferenceValue | undefined> = { ...existing.refs };
    for (const change of writableChanges(operation)) {
      if (change.isReference) refs[change.field] = change.proposed as ReferenceValue;
      else attrs[change.field] = change.proposed as JsonValue;
    }
    const key = operation.newKey ?? operation.key;
    this.records.delete(operation.type, operation.key);
    this.records.put({ ...existing, key, attrs, refs });
    return { status: 'applied' };
  }

  private integrityError(operation: Operation): string | undefined {
    const registry = this.options.registry;
    if (!registry) return undefined;
    if (operation.action === 'delete') {
      for (const other of this.records) {
        for (const field of registry.get(other.type).references) {
          const keys = referenceKeys(other.refs[field.name]);
          if (field.to === operation.type && keys.includes(operation.key)) {
            return `${other.type} ${other.key} still references it`;
          }
        }
      }
      return undefined;
    }
    const type = registry.get(operation.type);
    const values = [
      ...Object.entries(operation.refs ?? {}),
      ...writableChanges(operation)
        .filter((change) => change.isReference)
        .map((change) => [change.field, change.proposed as ReferenceValue] as const),
    ];
    for (const [field, value] of values) {
      const to = type.referenceByName.get(field)?.to ?? '';
      const missing = referenceKeys(value).find((key) => !this.records.get(to, key));
      if (missing !== undefined) return `${field} references missing ${to} ${missing}`;
    }
    return undefined;
  }
}

function recordOf(
  operation: Operation,
  key: string,
  attrs: Record<string, JsonValue>,
  refs: Record<string, ReferenceValue>,
): CanonicalRecord {
  return {
    type: operation.type,
    key,
    attrs,
    refs,
    ids: operation.ids,
    source: undefined,
    observedAt: undefined,
  };
}
