import { randomUUID } from 'node:crypto';
import {
  type CanonicalRecord,
  type JsonValue,
  type Operation,
  type PlanWriter,
  RecordLoader,
  RecordSet,
  type ReferenceValue,
  writableChanges,
  type WriteBatch,
  type WriteResult,
} from '@plumbline/diff-engine';
import { type ObjectType, type ObjectTypeRegistry } from '@plumbline/object-types';
import { bulkWrite, type BulkItemResult } from './bulk-write';
import { paginate } from './paginate';
import { AmbiguousWriteError, describeError, type Query, type RestClient } from './rest-client';

export type PeerId = string | number;
export type ApiObject = Record<string, unknown> & { id: PeerId };
export type Attrs = Record<string, JsonValue | undefined>;
export type Refs = Record<string, ReferenceValue | undefined>;

/** Where a record lives on the peer. `meta` carries what writers of other records need. */
export interface IndexEntry {
  endpoint: string;
  id: PeerId;
  meta?: Readonly<Record<string, unknown>>;
}

export interface MappedFields {
  attrs: Attrs;
  refs: Refs;
}

/** The fields to write, and for an update the values they replace. */
export interface WriteFields extends MappedFields {
  current?: MappedFields;
}

export interface ReadContext {
  /** The natural key of the object a foreign key (nested object or id) points at. */
  key(to: string, raw: unknown, endpoint?: string): string | null;
  keys(to: string, raw: unknown, endpoint?: string): string[];
}

export interface WriteContext {
  /** The peer id of a referenced record; null for a null reference. Throws when unknown. */
  id(to: string, key: string | null, endpoint?: string): Promise<PeerId | null>;
  /** Where a referenced record lives (all variants it is stored as). */
  entries(to: string, key: string): Promise<readonly IndexEntry[]>;
}

export interface MappedRecord extends MappedFields {
  meta?: Record<string, unknown>;
}

/** How one canonical type is stored at one endpoint of a peer. */
export interface TypeVariant {
  type: string;
  /** List endpoint relative to /api/, e.g. `dcim/devices/`. */
  endpoint: string;
  /** Extra list parameters: field selection, filters. */
  query?: Query;
  /** Canonical fields of one object, or undefined when the object is not a record of this type. */
  toRecord(object: ApiObject, context: ReadContext): MappedRecord | undefined;
  /** Request body for a create or an update (`fields` then holds only the changed fields). */
  toPayload(
    fields: WriteFields,
    context: WriteContext,
    action: 'create' | 'update',
  ): Promise<Record<string, unknown>>;
  /** Whether a new record belongs at this endpoint (several endpoints serve one type). */
  accepts?(fields: MappedFields): boolean;
  /** Records the peer implies without storing them (NetBox's fixed location types). */
  virtualRecords?: readonly MappedRecord[];
}

export class UnresolvedReferenceError extends Error {
  override readonly name = 'UnresolvedReferenceError';
}

export interface MappedAdapterOptions {
  client: RestClient;
  registry: ObjectTypeRegistry;
  variants: readonly TypeVariant[];
  /** Key of this peer's ids in CanonicalRecord.ids and WriteResult.ids. */
  idKey: string;
  /** Provenance stamped on loaded records. */
  sourceName: string;
  /** Nautobot: creates carry their own UUID (kept from the source, or made here). */
  hasClientIds?: boolean;
  /** Use the source's id from `Operation.ids[idKey]` for creates (UUID preservation). */
  shouldPreserveIds?: boolean;
  pageSize?: number;
  pagesInFlight?: number;
  batchSize?: number;
  batchesInFlight?: number;
  /** Rounds of "check what landed, send the rest" after an ambiguous create. */
  maxReconcileRounds?: number;
  /** Told after each such check: how many of the batch had landed, how many go again. */
  onReconcile?: (event: { endpoint: string; landed: number; resent: number }) => void;
}

const PENDING = '\u0000pending\u0000';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface TypeIndex {
  byKey: Map<string, IndexEntry[]>;
  keyById: Map<string, string>;
}

/**
 * The shared engine of the NetBox and Nautobot adapters: a table of TypeVariants says how
 * each canonical type maps onto the peer's endpoints; this class loads records (streamed,
 * references resolved to natural keys through an id index) and applies plan batches (natural
 * keys resolved back to peer ids from the same index, filled lazily per referenced type).
 */
export class MappedAdapter implements PlanWriter {
  private readonly loader: RecordLoader;
  private readonly variantsByType = new Map<string, TypeVariant[]>();
  private readonly variantByEndpoint = new Map<string, TypeVariant>();
  private readonly indexes = new Map<string, TypeIndex>();
  private readonly indexing = new Map<string, Promise<void>>();

  constructor(readonly options: MappedAdapterOptions) {
    this.loader = new RecordLoader(options.registry);
    for (const variant of options.variants) {
      options.registry.get(variant.type);
      const list = this.variantsByType.get(variant.type) ?? [];
      list.push(variant);
      this.variantsByType.set(variant.type, list);
      this.variantByEndpoint.set(variant.endpoint, variant);
    }
  }

  get client(): RestClient {
    return this.options.client;
  }

  /** Types this peer holds, parents first. */
  supportedTypes(): string[] {
    return this.options.registry
      .list()
      .map((type) => type.name)
      .filter((name) => this.variantsByType.has(name));
  }

  /** Streams the records of the given types (default: all supported), parents first. */
  async *load(types: readonly string[] = this.supportedTypes()): AsyncGenerator<CanonicalRecord> {
    const wanted = new Set(types);
    for (const name of this.supportedTypes()) {
      if (!wanted.has(name)) continue;
      await this.ensureDependencies(name);
      const index = this.freshIndex(name);
      for await (const record of this.readType(name, index)) yield record;
      this.indexes.set(name, index);
    }
  }

  async loadAll(types?: readonly string[]): Promise<RecordSet> {
    const set = new RecordSet();
    for await (const record of this.load(types)) set.put(record);
    return set;
  }

  /** Current records of these keys, for the apply runner's re-check (reloads the type). */
  async read(type: string, keys: readonly string[]): Promise<ReadonlyMap<string, CanonicalRecord>> {
    const wanted = new Set(keys);
    const found = new Map<string, CanonicalRecord>();
    if (!this.variantsByType.has(type)) return found;
    await this.ensureDependencies(type);
    const index = this.freshIndex(type);
    for await (const record of this.readType(type, index)) {
      if (wanted.has(record.key)) found.set(record.key, record);
    }
    this.indexes.set(type, index);
    return found;
  }

  /** A PlanWriter without re-checks, for bulk loads into an empty peer (benchmarks). */
  withoutRecheck(): PlanWriter {
    return { write: (batch) => this.write(batch) };
  }

  /** Forgets the cached ids of one type; the next lookup reads it again. */
  forget(type: string): void {
    this.indexes.delete(type);
  }

  /** Forgets cached ids, e.g. after the peer was reset. */
  clearCache(): void {
    this.indexes.clear();
    this.indexing.clear();
  }

  async write(batch: WriteBatch): Promise<readonly WriteResult[]> {
    if (!this.variantsByType.has(batch.type)) {
      return batch.operations.map(() => ({
        status: 'failed' as const,
        error: `${batch.type} does not exist on ${this.client.name}`,
      }));
    }
    await this.ensureIndexed(batch.type);
    switch (batch.action) {
      case 'create':
        return this.create(batch.type, batch.operations);
      case 'update':
        return this.update(batch.type, batch.operations);
      case 'delete':
        return this.remove(batch.type, batch.operations);
    }
  }

  // ---- loading ---------------------------------------------------------------------------

  private freshIndex(_type: string): TypeIndex {
    return { byKey: new Map(), keyById: new Map() };
  }

  private async ensureDependencies(type: string): Promise<void> {
    for (const reference of this.options.registry.get(type).references) {
      // Deferrable references close cycles (device -> primary IP -> interface -> device).
      if (reference.isDeferrable) continue;
      if (reference.to !== type && this.variantsByType.has(reference.to)) {
        await this.ensureIndexed(reference.to);
      }
    }
  }

  async ensureIndexed(type: string): Promise<void> {
    if (this.indexes.has(type) || !this.variantsByType.has(type)) return;
    let pending = this.indexing.get(type);
    if (!pending) {
      pending = (async () => {
        await this.ensureDependencies(type);
        const index = this.freshIndex(type);
        for await (const record of this.readType(type, index)) void record;
        this.indexes.set(type, index);
      })();
      this.indexing.set(type, pending);
      pending.finally(() => this.indexing.delete(type)).catch(() => undefined);
    }
    await pending;
  }

  private async *readType(name: string, index: TypeIndex): AsyncGenerator<CanonicalRecord> {
    const type = this.options.registry.get(name);
    const variants = this.variantsByType.get(name) ?? [];
    // Self references (a location's parent) and types served by several endpoints are
    // resolved once the whole type is read; the others stream page by page.
    const isBuffered = type.selfReferences.length > 0 || variants.length > 1;
    const buffer: CanonicalRecord[] = [];
    const observedAt = new Date().toISOString();
    const context = this.readContext(name);
    for (const variant of variants) {
      for (const virtual of variant.virtualRecords ?? []) {
        const record = this.toCanonical(type, virtual, undefined, observedAt);
        this.addToIndex(index, record.key, { endpoint: variant.endpoint, id: record.key });
        if (isBuffered) buffer.push(record);
        else yield record;
      }
      if (variant.virtualRecords) continue;
      for await (const page of paginate<ApiObject>(this.client, variant.endpoint, variant.query, {
        ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
        ...(this.options.pagesInFlight ? { pagesInFlight: this.options.pagesInFlight } : {}),
      })) {
        for (const object of page) {
          const mapped = variant.toRecord(object, context);
          if (!mapped) continue;
          const record = this.toCanonical(type, mapped, object.id, observedAt);
          const entry: IndexEntry = {
            endpoint: variant.endpoint,
            id: object.id,
            ...(mapped.meta ? { meta: mapped.meta } : {}),
          };
          index.keyById.set(idKey(variant.endpoint, object.id), record.key);
          if (isBuffered) {
            this.addToIndex(index, record.key, entry);
            buffer.push(record);
          } else {
            this.addToIndex(index, record.key, entry);
            yield record;
          }
        }
      }
    }
    if (!isBuffered) return;
    const merged = new Map<string, CanonicalRecord>();
    for (const record of buffer) {
      const resolved = this.resolvePending(record, index);
      const earlier = merged.get(resolved.key);
      merged.set(resolved.key, earlier ? mergeRecords(earlier, resolved) : resolved);
    }
    yield* merged.values();
  }

  private readContext(selfType: string): ReadContext {
    const lookup = (to: string, raw: unknown, endpoint?: string): string | null => {
      const id = rawId(raw);
      if (id === null) return null;
      const target = endpoint ?? this.defaultEndpoint(to);
      if (to === selfType) return `${PENDING}${idKey(target, id)}`;
      const key = this.indexes.get(to)?.keyById.get(idKey(target, id));
      // An object the index lacks was created after the referenced type was read.
      return key ?? null;
    };
    return {
      key: lookup,
      keys: (to, raw, endpoint) =>
        Array.isArray(raw)
          ? raw.map((item) => lookup(to, item, endpoint)).filter((key): key is string => !!key)
          : [],
    };
  }

  private resolvePending(record: CanonicalRecord, index: TypeIndex): CanonicalRecord {
    let refs: Refs | undefined;
    for (const [name, value] of Object.entries(record.refs)) {
      if (typeof value === 'string' && value.startsWith(PENDING)) {
        refs ??= { ...record.refs };
        refs[name] = index.keyById.get(value.slice(PENDING.length)) ?? null;
      }
    }
    return refs ? { ...record, refs } : record;
  }

  private toCanonical(
    type: ObjectType,
    mapped: MappedRecord,
    id: PeerId | undefined,
    observedAt: string,
  ): CanonicalRecord {
    return {
      type: type.name,
      key: this.loader.keyOf(type, mapped.attrs, mapped.refs),
      attrs: mapped.attrs,
      refs: mapped.refs,
      ids: id === undefined ? undefined : { [this.options.idKey]: id },
      source: this.options.sourceName,
      observedAt,
    };
  }

  private defaultEndpoint(type: string): string {
    const variant = this.variantsByType.get(type)?.[0];
    if (!variant) throw new UnresolvedReferenceError(`${type} is not mapped on this peer`);
    return variant.endpoint;
  }

  private addToIndex(index: TypeIndex, key: string, entry: IndexEntry): void {
    const entries = index.byKey.get(key);
    if (entries) entries.push(entry);
    else index.byKey.set(key, [entry]);
    index.keyById.set(idKey(entry.endpoint, entry.id), key);
  }

  // ---- writing ---------------------------------------------------------------------------

  private writeContext(): WriteContext {
    const entries = async (to: string, key: string): Promise<readonly IndexEntry[]> => {
      await this.ensureIndexed(to);
      return this.indexes.get(to)?.byKey.get(key) ?? [];
    };
    return {
      entries,
      id: async (to, key, endpoint) => {
        if (key === null) return null;
        const found = await entries(to, key);
        const entry = endpoint ? found.find((item) => item.endpoint === endpoint) : found[0];
        if (!entry) {
          throw new UnresolvedReferenceError(
            `${to} ${JSON.stringify(key)} not found on ${this.client.name}`,
          );
        }
        return entry.id;
      },
    };
  }

  private variantsFor(type: string, fields: MappedFields): TypeVariant[] {
    const variants = this.variantsByType.get(type) ?? [];
    if (variants.length === 1) return variants;
    return variants.filter((variant) => variant.accepts?.(fields) ?? false);
  }

  private async create(type: string, operations: readonly Operation[]): Promise<WriteResult[]> {
    const context = this.writeContext();
    const results: WriteResult[] = operations.map(() => ({ status: 'applied' }));
    const byEndpoint = new Map<
      string,
      { position: number; key: string; payload: Record<string, unknown> }[]
    >();
    const ids: Record<string, PeerId>[] = operations.map(() => ({}));
    for (const [position, operation] of operations.entries()) {
      const fields: WriteFields = { attrs: operation.attrs ?? {}, refs: operation.refs ?? {} };
      const variants = this.variantsFor(type, fields);
      if (variants.length === 0) {
        results[position] = { status: 'failed', error: `no endpoint takes this ${type}` };
        continue;
      }
      try {
        for (const variant of variants) {
          if (variant.virtualRecords) continue;
          const payload = await variant.toPayload(fields, context, 'create');
          if (this.options.hasClientIds) payload['id'] = this.newId(operation);
          const list = byEndpoint.get(variant.endpoint) ?? [];
          list.push({ position, key: operation.key, payload });
          byEndpoint.set(variant.endpoint, list);
        }
      } catch (error) {
        results[position] = { status: 'failed', error: describeError(error) };
      }
    }
    for (const [endpoint, items] of byEndpoint) {
      const pending = items.filter((item) => results[item.position]?.status !== 'failed');
      const written = await this.createWithReconcile(type, endpoint, pending);
      written.forEach((result, index) => {
        const item = pending[index] as (typeof pending)[number];
        const operation = operations[item.position] as Operation;
        if (result.isOk) {
          const id = (result.object?.id ?? item.payload['id']) as PeerId;
          (ids[item.position] as Record<string, PeerId>)[this.options.idKey] = id;
          const variant = this.variantByEndpoint.get(endpoint) as TypeVariant;
          const mapped = result.object
            ? variant.toRecord(result.object, this.readContext(type))
            : undefined;
          const index = this.indexes.get(type);
          if (index) {
            this.addToIndex(index, operation.key, {
              endpoint,
              id,
              ...(mapped?.meta ? { meta: mapped.meta } : {}),
            });
          }
        } else {
          results[item.position] = { status: 'failed', error: result.error };
        }
      });
    }
    return results.map((result, position) =>
      result.status === 'applied' ? { status: 'applied', ids: ids[position] ?? {} } : result,
    );
  }

  private newId(operation: Operation): string {
    const given = operation.ids?.[this.options.idKey];
    if (this.options.shouldPreserveIds && typeof given === 'string' && UUID_PATTERN.test(given)) {
      return given;
    }
    return randomUUID();
  }

  /**
   * POSTs the items; after a failure that leaves their fate unknown (the peer stopped while the
   * batch was in flight), asks the peer which of them exist and sends only the others, so an
   * object is never created twice. Needs client-set ids (Nautobot); on a peer without them
   * (NetBox) the type is re-read and matched by natural key.
   */
  private async createWithReconcile(
    type: string,
    endpoint: string,
    items: readonly { position: number; key: string; payload: Record<string, unknown> }[],
  ): Promise<BulkItemResult<ApiObject>[]> {
    const results = new Array<BulkItemResult<ApiObject>>(items.length);
    let remaining = items.map((item, index) => ({ ...item, index }));
    const rounds = this.options.maxReconcileRounds ?? 5;
    let wasAmbiguous = false;
    for (let round = 0; remaining.length > 0; round += 1) {
      try {
        const written = await bulkWrite<ApiObject>(
          this.client,
          'POST',
          endpoint,
          remaining.map((item) => item.payload),
          {
            batchSize: this.options.batchSize ?? 250,
            batchesInFlight: this.options.batchesInFlight ?? 2,
            isIdempotent: false,
          },
        );
        written.forEach((result, index) => {
          results[(remaining[index] as (typeof remaining)[number]).index] = result;
        });
        if (wasAmbiguous) await this.acceptLanded(endpoint, items, results);
        return results;
      } catch (error) {
        if (!(error instanceof AmbiguousWriteError) || round >= rounds) throw error;
        wasAmbiguous = true;
        const existing = this.options.hasClientIds
          ? await this.existingIds(
              endpoint,
              remaining.map((item) => item.payload),
            )
          : await this.existingKeys(type, endpoint);
        const before = remaining.length;
        remaining = remaining.filter((item) => {
          const id = item.payload['id'] as PeerId | undefined;
          const found = existing.get(id === undefined ? item.key : String(id));
          if (found) results[item.index] = { isOk: true, object: found };
          return !found;
        });
        this.options.onReconcile?.({
          endpoint,
          landed: before - remaining.length,
          resent: remaining.length,
        });
      }
    }
    return results;
  }

  /**
   * After an ambiguous round, a request that seemed lost may still have been applied late (a
   * peer that was paused works through its backlog when it resumes), so a re-sent create can
   * meet its own id. An item whose client-set id exists was written by this call: applied.
   */
  private async acceptLanded(
    endpoint: string,
    items: readonly { payload: Record<string, unknown> }[],
    results: BulkItemResult<ApiObject>[],
  ): Promise<void> {
    const failed = items.filter((_item, index) => results[index]?.isOk === false);
    if (failed.length === 0) return;
    const existing = await this.existingIds(
      endpoint,
      failed.map((item) => item.payload),
    );
    items.forEach((item, index) => {
      const id = item.payload['id'] as PeerId | undefined;
      const found = id === undefined ? undefined : existing.get(String(id));
      if (found && results[index]?.isOk === false) results[index] = { isOk: true, object: found };
    });
  }

  /** Without client ids: re-reads the type and answers by natural key. */
  private async existingKeys(type: string, endpoint: string): Promise<Map<string, ApiObject>> {
    this.forget(type);
    await this.ensureIndexed(type);
    const found = new Map<string, ApiObject>();
    for (const [key, entries] of this.indexes.get(type)?.byKey ?? []) {
      const entry = entries.find((candidate) => candidate.endpoint === endpoint);
      if (entry) found.set(key, { id: entry.id });
    }
    return found;
  }

  private async existingIds(
    endpoint: string,
    payloads: readonly Record<string, unknown>[],
  ): Promise<Map<string, ApiObject>> {
    const found = new Map<string, ApiObject>();
    const ids = payloads.map((payload) => payload['id']).filter((id) => id !== undefined);
    for (let start = 0; start < ids.length; start += 100) {
      const chunk = ids.slice(start, start + 100) as string[];
      for await (const page of paginate<ApiObject>(this.client, endpoint, { id: chunk })) {
        for (const object of page) found.set(String(object.id), object);
      }
    }
    return found;
  }

  private async update(type: string, operations: readonly Operation[]): Promise<WriteResult[]> {
    const context = this.writeContext();
    const index = this.indexes.get(type) as TypeIndex;
    const results: WriteResult[] = operations.map(() => ({ status: 'applied' }));
    const byEndpoint = new Map<string, { position: number; payload: Record<string, unknown> }[]>();
    for (const [position, operation] of operations.entries()) {
      const fields: WriteFields = { attrs: {}, refs: {}, current: { attrs: {}, refs: {} } };
      for (const change of writableChanges(operation)) {
        const target = change.isReference ? fields.refs : fields.attrs;
        const current = change.isReference ? fields.current?.refs : fields.current?.attrs;
        (target as Record<string, unknown>)[change.field] = change.proposed;
        (current as Record<string, unknown>)[change.field] = change.current;
      }
      const entries = this.entriesOf(index, operation);
      if (entries.length === 0) {
        results[position] = { status: 'failed', error: `not found on ${this.client.name}` };
        continue;
      }
      try {
        for (const entry of entries) {
          const variant = this.variantByEndpoint.get(entry.endpoint) as TypeVariant;
          if (variant.virtualRecords) continue;
          const payload = await variant.toPayload(fields, context, 'update');
          const list = byEndpoint.get(entry.endpoint) ?? [];
          list.push({ position, payload: { id: entry.id, ...payload } });
          byEndpoint.set(entry.endpoint, list);
        }
      } catch (error) {
        results[position] = { status: 'failed', error: describeError(error) };
      }
    }
    for (const [endpoint, items] of byEndpoint) {
      const pending = items.filter((item) => results[item.position]?.status !== 'failed');
      const written = await bulkWrite<ApiObject>(
        this.client,
        'PATCH',
        endpoint,
        pending.map((item) => item.payload),
        { batchSize: this.options.batchSize ?? 250, batchesInFlight: 1 },
      );
      written.forEach((result, position) => {
        const item = pending[position] as (typeof pending)[number];
        if (!result.isOk) results[item.position] = { status: 'failed', error: result.error };
      });
    }
    for (const [position, operation] of operations.entries()) {
      const result = results[position];
      if (result?.status !== 'applied') continue;
      const entries = this.entriesOf(index, operation);
      if (operation.newKey !== undefined && entries.length > 0) {
        index.byKey.delete(operation.key);
        for (const entry of entries) this.addToIndex(index, operation.newKey, entry);
      }
      const first = entries[0];
      results[position] = first
        ? { status: 'applied', ids: { [this.options.idKey]: first.id } }
        : result;
    }
    return results;
  }

  private entriesOf(index: TypeIndex, operation: Operation): IndexEntry[] {
    return index.byKey.get(operation.key) ?? [];
  }

  private async remove(type: string, operations: readonly Operation[]): Promise<WriteResult[]> {
    const index = this.indexes.get(type) as TypeIndex;
    const results: WriteResult[] = operations.map(() => ({ status: 'applied' }));
    const byEndpoint = new Map<string, { position: number; id: PeerId }[]>();
    for (const [position, operation] of operations.entries()) {
      for (const entry of this.entriesOf(index, operation)) {
        if (this.variantByEndpoint.get(entry.endpoint)?.virtualRecords) continue;
        const list = byEndpoint.get(entry.endpoint) ?? [];
        list.push({ position, id: entry.id });
        byEndpoint.set(entry.endpoint, list);
      }
    }
    for (const [endpoint, items] of byEndpoint) {
      const written = await bulkWrite<ApiObject>(
        this.client,
        'DELETE',
        endpoint,
        items.map((item) => ({ id: item.id })),
        { batchSize: this.options.batchSize ?? 250, batchesInFlight: 1 },
      );
      written.forEach((result, position) => {
        const item = items[position] as (typeof items)[number];
        // Gone already is what a delete wants.
        if (!result.isOk && result.status !== 404) {
          results[item.position] = { status: 'failed', error: result.error };
        }
      });
    }
    for (const [position, operation] of operations.entries()) {
      if (results[position]?.status === 'applied') {
        for (const entry of this.entriesOf(index, operation)) {
          index.keyById.delete(idKey(entry.endpoint, entry.id));
        }
        index.byKey.delete(operation.key);
      }
    }
    return results;
  }
}

function idKey(endpoint: string, id: PeerId): string {
  return `${endpoint}#${String(id)}`;
}

/** The id of a nested object (`{id, …}`), a bare id, or null. */
export function rawId(raw: unknown): PeerId | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number') return raw;
  if (typeof raw === 'object' && 'id' in raw) {
    const id = raw.id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

/** One record from several endpoints (a NetBox device role and rack role of the same name). */
function mergeRecords(left: CanonicalRecord, right: CanonicalRecord): CanonicalRecord {
  const leftTypes = left.attrs['content_types'];
  const rightTypes = right.attrs['content_types'];
  if (!Array.isArray(leftTypes) || !Array.isArray(rightTypes)) return left;
  const union = [...new Set([...leftTypes, ...rightTypes].map(String))].sort();
  return { ...left, attrs: { ...left.attrs, content_types: union } };
}
