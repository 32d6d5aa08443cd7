import { randomUUID } from 'node:crypto';
import {
  type CanonicalRecord,
  type JsonValue,
  KEY_SEPARATOR,
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
  /**
   * How to ask the list endpoint for the objects of given natural keys: list filters that
   * return at least those objects (the adapter keeps exact key matches). Without it, a read of
   * some keys reads the whole type.
   */
  lookup?: readonly KeyFilter[];
}

/**
 * One list filter of a keyed read: `param` gets one component of each natural key (split at
 * the key separator; `part` counts from the end when negative). With `to`, the component is
 * the key of a referenced record and the filter is sent that record's peer id (NetBox and
 * Nautobot answer 400 to an unknown name in a foreign-key filter, never to an id they hold).
 */
export interface KeyFilter {
  param: string;
  part: number;
  to?: string;
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
  /** Keys up to which `read` and reference lookups filter the list endpoint (default 1000). */
  maxKeyedRead?: number;
  /** Keys per filtered list request, keeping URLs short (default 50). */
  keysPerRequest?: number;
}

/**
 * Stands in for a reference key the index does not hold yet: `\0ref\0<type>\0<endpoint>#<id>`.
 * Self references always start as one (the parent may come later in the same read); others
 * when the referenced object is not indexed. They are resolved before a record is handed out.
 */
const MARK = '\u0000ref\u0000';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Peer ids per `?id=` request when referenced objects are read by id. */
const IDS_PER_REQUEST = 100;

interface TypeIndex {
  byKey: Map<string, IndexEntry[]>;
  keyById: Map<string, string>;
  /** Filled by a whole-type read; otherwise it holds what keyed reads and writes put there. */
  isComplete: boolean;
}

/** What a read asks the peer for. */
type Selection =
  | { kind: 'all' }
  | { kind: 'keys'; keys: readonly string[] }
  | { kind: 'ids'; endpoint: string; ids: readonly PeerId[] };

/**
 * `records`: every reference resolved (what `read` and `load` return); `index`: only the
 * natural key must be right (filling the id index for writes and for other records' references).
 */
type ReadMode = 'records' | 'index';

/** Keys (`type\0key`) a write looked up, with the index they were looked up into. */
type LookedUp = Map<string, TypeIndex | undefined>;

interface ReadItem {
  record: CanonicalRecord;
  entry: IndexEntry;
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
      await this.ensureDependencies(name, 'records');
      const index = this.freshIndex();
      for await (const record of this.readType(name, index, { kind: 'all' }, 'records')) {
        yield record;
      }
      this.indexes.set(name, index);
    }
  }

  async loadAll(types?: readonly string[]): Promise<RecordSet> {
    const set = new RecordSet();
    for await (const record of this.load(types)) set.put(record);
    return set;
  }

  /**
   * Current records of these keys (the apply runner's re-check, a proposal's live state). A
   * type whose endpoints declare a `lookup` is asked for these keys only, in filtered list
   * requests of `keysPerRequest` keys; the whole type is read when it has no lookup or when
   * more than `maxKeyedRead` keys are asked for. Either way the id index learns these keys.
   */
  async read(type: string, keys: readonly string[]): Promise<ReadonlyMap<string, CanonicalRecord>> {
    const wanted = new Set(keys);
    const found = new Map<string, CanonicalRecord>();
    if (!this.variantsByType.has(type) || wanted.size === 0) return found;
    if (this.canLookUp(type, [...wanted])) {
      const selection: Selection = { kind: 'keys', keys: [...wanted] };
      for await (const record of this.readType(type, this.indexOf(type), selection, 'records')) {
        if (wanted.has(record.key)) found.set(record.key, record);
      }
      return found;
    }
    await this.ensureDependencies(type, 'records');
    const index = this.freshIndex();
    for await (const record of this.readType(type, index, { kind: 'all' }, 'records')) {
      if (wanted.has(record.key)) found.set(record.key, record);
    }
    this.indexes.set(type, index);
    return found;
  }

  /** The canonical type stored at a list endpoint (`dcim/devices/` → `dcim.device`). */
  typeAtEndpoint(endpoint: string): string | undefined {
    return this.variantByEndpoint.get(endpoint)?.type;
  }

  /**
   * Current records of objects named by their peer ids (what a webhook names), read with the
   * list endpoint's `?id=` filter and keyed by the id as text; an id not found is absent.
   * `endpoint` picks one endpoint of a type served by several (ids are per endpoint).
   */
  async readByIds(
    type: string,
    ids: readonly PeerId[],
    endpoint?: string,
  ): Promise<ReadonlyMap<string, CanonicalRecord>> {
    const found = new Map<string, CanonicalRecord>();
    const variants = this.variantsByType.get(type) ?? [];
    if (ids.length === 0) return found;
    for (const variant of variants) {
      if (variant.virtualRecords || (endpoint !== undefined && variant.endpoint !== endpoint)) {
        continue;
      }
      const selection: Selection = { kind: 'ids', endpoint: variant.endpoint, ids };
      for await (const record of this.readType(type, this.indexOf(type), selection, 'records')) {
        const id = record.ids?.[this.options.idKey];
        if (id !== undefined) found.set(String(id), record);
      }
    }
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

  /**
   * Whether a read of these keys filters the list endpoints: every endpoint of the type has a
   * lookup, there are at most `maxKeyedRead` keys, and each key has a value for a filter that
   * needs no other record (a NetBox device without a name can only be found in the whole list).
   */
  canLookUp(type: string, keys: readonly string[]): boolean {
    const variants = this.variantsByType.get(type);
    if (!variants || keys.length > (this.options.maxKeyedRead ?? 1000)) return false;
    return variants.every((variant) => {
      if (variant.virtualRecords) return true;
      const own = (variant.lookup ?? []).filter((filter) => !filter.to);
      return (
        own.length > 0 &&
        keys.every((key) => {
          const parts = key.split(KEY_SEPARATOR);
          return own.every((filter) => (parts.at(filter.part) ?? '') !== '');
        })
      );
    });
  }

  async write(batch: WriteBatch): Promise<readonly WriteResult[]> {
    if (!this.variantsByType.has(batch.type)) {
      return batch.operations.map(() => ({
        status: 'failed' as const,
        error: `${batch.type} does not exist on ${this.client.name}`,
      }));
    }
    if (batch.action !== 'create') {
      await this.ensureKeys(
        batch.type,
        batch.operations.map((operation) => operation.key),
      );
    }
    const lookedUp: LookedUp = new Map();
    if (batch.action !== 'delete') await this.prefetchReferences(batch, lookedUp);
    let results: WriteResult[];
    switch (batch.action) {
      case 'create':
        results = await this.create(batch.type, batch.operations, lookedUp);
        break;
      case 'update':
        results = await this.update(batch.type, batch.operations, lookedUp);
        break;
      case 'delete':
        results = await this.remove(batch.type, batch.operations);
        break;
    }
    if (results.some((result) => result.status === 'failed' && isReferenceError(result.error))) {
      // Some id this adapter held for a referenced record is stale (deleted on the peer, or
      // never there): drop what it knows of the types this one refers to.
      for (const reference of this.options.registry.get(batch.type).references) {
        this.forget(reference.to);
      }
    }
    return results;
  }

  /**
   * Makes sure the index holds these keys where the peer has them: keys it lacks are looked up
   * by key (or the whole type is indexed when it has no lookup and is not indexed yet). A
   * complete index of a type without lookup is taken as it is.
   */
  async ensureKeys(type: string, keys: readonly string[]): Promise<void> {
    if (!this.variantsByType.has(type)) return;
    const index = this.indexes.get(type);
    const missing = [...new Set(keys)].filter((key) => !index?.byKey.has(key));
    if (missing.length === 0) return;
    if (this.canLookUp(type, missing)) {
      const selection: Selection = { kind: 'keys', keys: missing };
      for await (const record of this.readType(type, this.indexOf(type), selection, 'index')) {
        void record;
      }
      return;
    }
    if (!index?.isComplete) await this.ensureIndexed(type);
  }

  // ---- loading ---------------------------------------------------------------------------

  private freshIndex(): TypeIndex {
    return { byKey: new Map(), keyById: new Map(), isComplete: true };
  }

  /** The type's index, an empty partial one when nothing of it was read yet. */
  private indexOf(type: string): TypeIndex {
    let index = this.indexes.get(type);
    if (!index) {
      index = { byKey: new Map(), keyById: new Map(), isComplete: false };
      this.indexes.set(type, index);
    }
    return index;
  }

  /**
   * Indexes the referenced types wholesale before a whole-type read, so that its references
   * resolve from memory (`index` mode: only those that make up the natural key).
   */
  private async ensureDependencies(type: string, mode: ReadMode): Promise<void> {
    const objectType = this.options.registry.get(type);
    for (const reference of objectType.references) {
      // Deferrable references close cycles (device -> primary IP -> interface -> device).
      if (reference.isDeferrable) continue;
      if (mode === 'index' && !objectType.naturalKey.includes(reference.name)) continue;
      if (reference.to !== type && this.variantsByType.has(reference.to)) {
        await this.ensureIndexed(reference.to);
      }
    }
  }

  async ensureIndexed(type: string): Promise<void> {
    if (this.indexes.get(type)?.isComplete || !this.variantsByType.has(type)) return;
    let pending = this.indexing.get(type);
    if (!pending) {
      pending = (async () => {
        await this.ensureDependencies(type, 'index');
        const index = this.freshIndex();
        for await (const record of this.readType(type, index, { kind: 'all' }, 'index')) {
          void record;
        }
        this.indexes.set(type, index);
      })();
      this.indexing.set(type, pending);
      pending.finally(() => this.indexing.delete(type)).catch(() => undefined);
    }
    await pending;
  }

  /**
   * Reads the selected objects of a type into `index` and yields their records. Records whose
   * references the index cannot name yet (self references, objects created after their type
   * was indexed, or types never indexed) are held back; the referenced objects are then read
   * by id, and the records handed out with their keys. Self references and types served by
   * several endpoints are resolved once the selection is read; the others stream page by page.
   */
  private async *readType(
    name: string,
    index: TypeIndex,
    selection: Selection,
    mode: ReadMode,
  ): AsyncGenerator<CanonicalRecord> {
    const type = this.options.registry.get(name);
    const variants = (this.variantsByType.get(name) ?? []).filter(
      (variant) => selection.kind !== 'ids' || variant.endpoint === selection.endpoint,
    );
    const isBuffered = type.selfReferences.length > 0 || variants.length > 1;
    const held: ReadItem[] = [];
    const seen = new Set<string>();
    const observedAt = new Date().toISOString();
    const context = this.readContext(name);
    for (const variant of variants) {
      for (const virtual of variant.virtualRecords ?? []) {
        const record = this.toCanonical(type, virtual, undefined, observedAt);
        if (selection.kind === 'keys' && !selection.keys.includes(record.key)) continue;
        const entry = { endpoint: variant.endpoint, id: record.key };
        this.setEntry(index, record.key, entry);
        seen.add(record.key);
        if (isBuffered) held.push({ record, entry });
        else yield record;
      }
      if (variant.virtualRecords) continue;
      for await (const page of this.pagesOf(variant, selection)) {
        for (const object of page) {
          const mapped = variant.toRecord(object, context);
          if (!mapped) continue;
          const record = this.toCanonical(type, mapped, object.id, observedAt);
          const entry: IndexEntry = {
            endpoint: variant.endpoint,
            id: object.id,
            ...(mapped.meta ? { meta: mapped.meta } : {}),
          };
          const isKeyKnown = !record.key.includes(MARK);
          if (isKeyKnown) {
            this.setEntry(index, record.key, entry);
            seen.add(record.key);
          }
          if (isBuffered || !isKeyKnown || (mode === 'records' && hasMarks(record.refs))) {
            held.push({ record, entry });
          } else if (mode === 'records') {
            yield record;
          }
        }
      }
    }
    if (selection.kind === 'keys') {
      // Keys asked for and not returned are gone from the peer.
      for (const key of selection.keys) if (!seen.has(key)) this.dropKey(index, key);
    }
    if (held.length === 0) return;
    await this.resolveMarks(name, index, held, selection.kind !== 'all', mode);
    if (mode === 'index') return;
    const merged = new Map<string, CanonicalRecord>();
    for (const { record } of held) {
      const earlier = merged.get(record.key);
      merged.set(record.key, earlier ? mergeRecords(earlier, record) : record);
    }
    yield* merged.values();
  }

  /** The pages of one endpoint a selection asks for. */
  private async *pagesOf(variant: TypeVariant, selection: Selection): AsyncGenerator<ApiObject[]> {
    const options = {
      ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
      ...(this.options.pagesInFlight ? { pagesInFlight: this.options.pagesInFlight } : {}),
    };
    const queries: Query[] = [];
    if (selection.kind === 'all') {
      queries.push(variant.query ?? {});
    } else if (selection.kind === 'ids') {
      for (const chunk of chunked(selection.ids, IDS_PER_REQUEST)) {
        queries.push({ ...variant.query, id: chunk.map(String) });
      }
    } else {
      for (const filters of await this.lookupQueries(variant, selection.keys)) {
        queries.push({ ...variant.query, ...filters });
      }
    }
    for (const query of queries) {
      yield* paginate<ApiObject>(this.client, variant.endpoint, query, options);
    }
  }

  /** Filtered list queries that return at least the objects of these keys. */
  private async lookupQueries(variant: TypeVariant, keys: readonly string[]): Promise<Query[]> {
    const filters = variant.lookup ?? [];
    const queries: Query[] = [];
    for (const chunk of chunked(keys, this.options.keysPerRequest ?? 50)) {
      let rows = chunk.map((key) => key.split(KEY_SEPARATOR));
      const query: Record<string, string[]> = {};
      for (const filter of filters) {
        const values = rows.map((parts) => parts.at(filter.part) ?? '');
        // A filter narrows every key of the request, so it is usable only if all have a value.
        if (values.some((value) => value === '')) continue;
        if (!filter.to) {
          query[filter.param] = [...new Set(values)];
          continue;
        }
        await this.ensureKeys(filter.to, values);
        const ids = values.map((value) => this.indexes.get(filter.to ?? '')?.byKey.get(value));
        // A key whose parent the peer lacks cannot exist there either.
        rows = rows.filter((_parts, position) => ids[position]?.[0] !== undefined);
        query[filter.param] = [
          ...new Set(ids.flatMap((entries) => (entries?.[0] ? [String(entries[0].id)] : []))),
        ];
      }
      if (rows.length > 0) queries.push(query);
    }
    return queries;
  }

  /**
   * Resolves the held records' reference marks: other types' objects missing from their index
   * are read by id (index mode: only those in the natural key), self references are looked up
   * in this read, then in the type's index, and after a partial read by id.
   */
  private async resolveMarks(
    name: string,
    index: TypeIndex,
    held: ReadItem[],
    isPartial: boolean,
    mode: ReadMode,
  ): Promise<void> {
    const type = this.options.registry.get(name);
    const wanted = (item: ReadItem): (ReferenceValue | undefined)[] =>
      mode === 'records'
        ? Object.values(item.record.refs)
        : type.naturalKey.map((part) => item.record.refs[part]);
    const missing = new Map<string, Map<string, Set<PeerId>>>();
    for (const item of held) {
      for (const mark of wanted(item).flatMap(marksOf)) {
        const known =
          this.indexes.get(mark.to)?.keyById.get(mark.idKey) ??
          (mark.to === name ? index.keyById.get(mark.idKey) : undefined);
        if (known !== undefined || (mark.to === name && !isPartial)) continue;
        const byEndpoint = missing.get(mark.to) ?? new Map<string, Set<PeerId>>();
        const ids = byEndpoint.get(mark.endpoint) ?? new Set<PeerId>();
        ids.add(mark.id);
        byEndpoint.set(mark.endpoint, ids);
        missing.set(mark.to, byEndpoint);
      }
    }
    await Promise.all(
      [...missing].flatMap(([to, byEndpoint]) =>
        [...byEndpoint].map(([endpoint, ids]) => this.indexIds(to, endpoint, [...ids])),
      ),
    );
    for (const item of held) {
      const refs = this.resolveRefs(item.record.refs, name, index);
      const key = item.record.key.includes(MARK)
        ? this.loader.keyOf(type, item.record.attrs, refs)
        : item.record.key;
      if (key !== item.record.key) this.setEntry(index, key, item.entry);
      item.record = { ...item.record, key, refs };
    }
  }

  /** Reads objects of a type by peer id into its index (their keys only). */
  private async indexIds(type: string, endpoint: string, ids: readonly PeerId[]): Promise<void> {
    const selection: Selection = { kind: 'ids', endpoint, ids };
    for await (const record of this.readType(type, this.indexOf(type), selection, 'index')) {
      void record;
    }
  }

  private resolveRefs(refs: Refs, selfType: string, index: TypeIndex): Refs {
    const keyOf = (mark: Mark): string | undefined =>
      (mark.to === selfType ? index.keyById.get(mark.idKey) : undefined) ??
      this.indexes.get(mark.to)?.keyById.get(mark.idKey);
    let resolved: Refs | undefined;
    for (const [name, value] of Object.entries(refs)) {
      if (!hasMarks({ value })) continue;
      resolved ??= { ...refs };
      if (typeof value !== 'string') {
        resolved[name] = listOf(value)
          .map((item) => {
            const mark = parseMark(item);
            return mark ? keyOf(mark) : item;
          })
          .filter((key): key is string => key !== undefined)
          .sort();
      } else {
        const mark = parseMark(value);
        resolved[name] = (mark && keyOf(mark)) ?? null;
      }
    }
    return resolved ?? refs;
  }

  private readContext(selfType: string): ReadContext {
    const lookup = (to: string, raw: unknown, endpoint?: string): string | null => {
      const id = rawId(raw);
      if (id === null) return null;
      const target = endpoint ?? this.defaultEndpoint(to);
      if (to !== selfType) {
        const key = this.indexes.get(to)?.keyById.get(idKey(target, id));
        if (key !== undefined) return key;
      }
      return `${MARK}${to}\u0000${idKey(target, id)}`;
    };
    return {
      key: lookup,
      keys: (to, raw, endpoint) =>
        Array.isArray(raw)
          ? raw.map((item) => lookup(to, item, endpoint)).filter((key): key is string => !!key)
          : [],
    };
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

  /** Files a record's entry under its key; an id filed under another key before moves. */
  private setEntry(index: TypeIndex, key: string, entry: IndexEntry): void {
    const id = idKey(entry.endpoint, entry.id);
    const previous = index.keyById.get(id);
    if (previous !== undefined && previous !== key) this.removeEntry(index, previous, id);
    const entries = (index.byKey.get(key) ?? []).filter(
      (candidate) => idKey(candidate.endpoint, candidate.id) !== id,
    );
    entries.push(entry);
    index.byKey.set(key, entries);
    index.keyById.set(id, key);
  }

  private removeEntry(index: TypeIndex, key: string, id: string): void {
    const rest = (index.byKey.get(key) ?? []).filter(
      (candidate) => idKey(candidate.endpoint, candidate.id) !== id,
    );
    if (rest.length > 0) index.byKey.set(key, rest);
    else index.byKey.delete(key);
  }

  private dropKey(index: TypeIndex, key: string): void {
    for (const entry of index.byKey.get(key) ?? []) {
      index.keyById.delete(idKey(entry.endpoint, entry.id));
    }
    index.byKey.delete(key);
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Resolves references to peer ids from the index; a key it lacks is looked up once per
   * write (a parent created after its type was indexed), then the reference fails.
   */
  private writeContext(lookedUp: LookedUp): WriteContext {
    const entries = async (to: string, key: string): Promise<readonly IndexEntry[]> => {
      const known = this.indexes.get(to)?.byKey.get(key);
      if (known) return known;
      const asked = `${to}\u0000${key}`;
      // Asked already, unless the index was dropped since (a status created meanwhile).
      if (!lookedUp.has(asked) || lookedUp.get(asked) !== this.indexes.get(to)) {
        await this.ensureKeys(to, [key]);
        lookedUp.set(asked, this.indexes.get(to));
      }
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

  /** Looks up, in one go per referenced type, the keys a batch refers to that are not indexed. */
  private async prefetchReferences(batch: WriteBatch, lookedUp: LookedUp): Promise<void> {
    const type = this.options.registry.get(batch.type);
    const wanted = new Map<string, Set<string>>();
    const add = (field: string, value: unknown): void => {
      const to = type.referenceByName.get(field)?.to;
      if (!to || !this.variantsByType.has(to)) return;
      const keys = wanted.get(to) ?? new Set<string>();
      for (const key of Array.isArray(value) ? value : [value]) {
        if (typeof key === 'string') keys.add(key);
      }
      wanted.set(to, keys);
    };
    for (const operation of batch.operations) {
      if (batch.action === 'create') {
        for (const [field, value] of Object.entries(operation.refs ?? {})) add(field, value);
      } else {
        for (const change of writableChanges(operation)) {
          if (change.isReference) add(change.field, change.proposed);
        }
      }
    }
    await Promise.all(
      [...wanted].map(async ([to, keys]) => {
        await this.ensureKeys(to, [...keys]);
        for (const key of keys) lookedUp.set(`${to}\u0000${key}`, this.indexes.get(to));
      }),
    );
  }

  private variantsFor(type: string, fields: MappedFields): TypeVariant[] {
    const variants = this.variantsByType.get(type) ?? [];
    if (variants.length === 1) return variants;
    return variants.filter((variant) => variant.accepts?.(fields) ?? false);
  }

  private async create(
    type: string,
    operations: readonly Operation[],
    lookedUp: LookedUp,
  ): Promise<WriteResult[]> {
    const context = this.writeContext(lookedUp);
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
          this.setEntry(this.indexOf(type), operation.key, {
            endpoint,
            id,
            ...(mapped?.meta ? { meta: mapped.meta } : {}),
          });
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
          : await this.existingKeys(
              type,
              endpoint,
              remaining.map((item) => item.key),
            );
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

  /** Without client ids: reads these keys again (or the whole type) and answers by key. */
  private async existingKeys(
    type: string,
    endpoint: string,
    keys: readonly string[],
  ): Promise<Map<string, ApiObject>> {
    if (this.canLookUp(type, keys)) {
      const selection: Selection = { kind: 'keys', keys };
      for await (const record of this.readType(type, this.indexOf(type), selection, 'index')) {
        void record;
      }
    } else {
      this.forget(type);
      await this.ensureIndexed(type);
    }
    const found = new Map<string, ApiObject>();
    for (const key of keys) {
      const entry = this.indexes
        .get(type)
        ?.byKey.get(key)
        ?.find((candidate) => candidate.endpoint === endpoint);
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

  private async update(
    type: string,
    operations: readonly Operation[],
    lookedUp: LookedUp,
  ): Promise<WriteResult[]> {
    const context = this.writeContext(lookedUp);
    const index = this.indexOf(type);
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
        for (const entry of [...entries]) this.setEntry(index, operation.newKey, entry);
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
    const index = this.indexOf(type);
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
      if (results[position]?.status === 'applied') this.dropKey(index, operation.key);
    }
    return results;
  }
}

function idKey(endpoint: string, id: PeerId): string {
  return `${endpoint}#${String(id)}`;
}

interface Mark {
  to: string;
  endpoint: string;
  id: string;
  /** `endpoint#id`, as the index files ids. */
  idKey: string;
}

function parseMark(value: string): Mark | undefined {
  if (!value.startsWith(MARK)) return undefined;
  const rest = value.slice(MARK.length);
  const split = rest.indexOf('\u0000');
  const id = rest.slice(split + 1);
  const hash = id.lastIndexOf('#');
  return {
    to: rest.slice(0, split),
    endpoint: id.slice(0, hash),
    id: id.slice(hash + 1),
    idKey: id,
  };
}

/** The keys of a reference value: none, one, or a list's. */
function listOf(value: ReferenceValue | undefined): readonly string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function marksOf(value: ReferenceValue | undefined): Mark[] {
  return listOf(value).flatMap((item) => parseMark(item) ?? []);
}

function hasMarks(refs: Readonly<Record<string, ReferenceValue | undefined>>): boolean {
  return Object.values(refs).some((value) => listOf(value).some((item) => item.startsWith(MARK)));
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** A write refused because a referenced object is unknown (here, or to the peer). */
function isReferenceError(error: string): boolean {
  return /^[a-z]+\.[a-z]+ ".*" not found on |Related object not found|object does not exist/i.test(
    error,
  );
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
