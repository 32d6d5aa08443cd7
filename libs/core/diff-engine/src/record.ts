import { RecordTable } from './record-table';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A reference: the natural key of one record, several records (list fields) or none. */
export type ReferenceValue = string | readonly string[] | null;

export type ExternalIds = Readonly<Record<string, string | number>>;

/**
 * One object in canonical form. `key` is the natural key: its components joined by
 * KEY_SEPARATOR, built once when the record is loaded. A field that is absent (undefined) was
 * not sent and is never compared or written; null is a value.
 */
export interface CanonicalRecord {
  readonly type: string;
  readonly key: string;
  readonly attrs: Readonly<Record<string, JsonValue | undefined>>;
  readonly refs: Readonly<Record<string, ReferenceValue | undefined>>;
  /** External ids in other systems, e.g. `{ netbox: 12, nautobot: "…uuid…" }`. */
  readonly ids: ExternalIds | undefined;
  /** Provenance: the source that sent (or, on a target, owns) the record. */
  readonly source: string | undefined;
  readonly observedAt: string | undefined;
}

/** Joins natural-key components; a control character that names and addresses do not hold. */
export const KEY_SEPARATOR = '\u001f';

export function joinKey(parts: readonly string[]): string {
  return parts.join(KEY_SEPARATOR);
}

export function splitKey(key: string): string[] {
  return key.split(KEY_SEPARATOR);
}

/** The natural keys a reference holds. */
export function referenceKeys(value: ReferenceValue | undefined): readonly string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** Records grouped by type and natural key. */
export class RecordSet {
  private readonly byType = new Map<string, RecordTable>();

  static of(records: Iterable<CanonicalRecord>): RecordSet {
    const set = new RecordSet();
    for (const record of records) {
      set.put(record);
    }
    return set;
  }

  /** Adds or replaces a record; returns false when a record with that key was replaced. */
  put(record: CanonicalRecord): boolean {
    return this.recordsOf(record.type, true).set(record.key, record);
  }

  get(type: string, key: string): CanonicalRecord | undefined {
    return this.byType.get(type)?.get(key);
  }

  delete(type: string, key: string): boolean {
    return this.byType.get(type)?.delete(key) ?? false;
  }

  /** The records of one type; an empty map when there are none. */
  recordsOf(type: string, isCreating = false): RecordTable {
    let records = this.byType.get(type);
    if (!records) {
      records = new RecordTable();
      if (isCreating) {
        this.byType.set(type, records);
      }
    }
    return records;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  get size(): number {
    let size = 0;
    for (const records of this.byType.values()) {
      size += records.size;
    }
    return size;
  }

  *[Symbol.iterator](): IterableIterator<CanonicalRecord> {
    for (const records of this.byType.values()) {
      yield* records.values();
    }
  }
}
