import { type JsonValue, type ReferenceValue } from '@plumbline/diff-engine';
import {
  type ApiObject,
  type KeyFilter,
  type MappedFields,
  type MappedRecord,
  type ReadContext,
  type TypeVariant,
  type WriteContext,
  type WriteFields,
} from './mapped-adapter';
import { type Query } from './rest-client';

/** A plain attribute: `name` canonically, `api` on the peer (default the same). */
export interface AttrSpec {
  name: string;
  api?: string;
  read?: (value: unknown, object: ApiObject) => JsonValue | undefined;
  write?: (value: JsonValue | undefined) => unknown;
}

/** A reference: a foreign key (or list) on the peer, a natural key canonically. */
export interface RefSpec {
  name: string;
  to: string;
  api?: string;
  /** The endpoint the peer's id belongs to, when the canonical type has several. */
  endpoint?: string;
  isList?: boolean;
  read?: (object: ApiObject, context: ReadContext) => ReferenceValue | undefined;
  /** Sets the payload fields for this reference (a value that maps onto several fields). */
  write?: (
    value: ReferenceValue,
    context: WriteContext,
    payload: Record<string, unknown>,
    fields: WriteFields,
  ) => Promise<void>;
}

export interface VariantSpec {
  type: string;
  endpoint: string;
  query?: Query;
  attrs: readonly (string | AttrSpec)[];
  refs?: readonly RefSpec[];
  hasCustomFields?: boolean;
  /** Fields that must be sent on create although not canonical (slug, namespace, content types). */
  onCreate?: (
    fields: WriteFields,
    payload: Record<string, unknown>,
    context: WriteContext,
  ) => Promise<void> | void;
  /** Skips objects of the endpoint that are not records of this type, or adds fixed fields. */
  adjust?: (record: MappedRecord, object: ApiObject) => MappedRecord | undefined;
  meta?: (object: ApiObject) => Record<string, unknown>;
  accepts?: (fields: MappedFields) => boolean;
  virtualRecords?: readonly MappedRecord[];
  /** List filters that find objects by natural key (see `TypeVariant.lookup`). */
  lookup?: readonly KeyFilter[];
}

/** A choice value: NetBox and Nautobot return `{value, label}`, and take the value. */
export function choiceValue(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === 'object' && 'value' in value) {
    return (value as { value: JsonValue }).value;
  }
  return value as JsonValue;
}

/** Custom field values without the unset (null) ones: both peers list every defined field. */
export function readCustomFields(value: unknown): JsonValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object') return undefined;
  const kept: Record<string, JsonValue> = {};
  for (const [name, fieldValue] of Object.entries(value as Record<string, JsonValue>)) {
    if (fieldValue !== null && fieldValue !== '') kept[name] = fieldValue;
  }
  return kept;
}

/** Proposed custom field values; names the current value had and the proposed lacks are cleared. */
export function writeCustomFields(proposed: unknown, current: unknown): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (current && typeof current === 'object') {
    for (const name of Object.keys(current)) payload[name] = null;
  }
  if (proposed && typeof proposed === 'object') Object.assign(payload, proposed);
  return payload;
}

/** Builds a TypeVariant from a field table. */
export function defineVariant(spec: VariantSpec): TypeVariant {
  const attrs: AttrSpec[] = spec.attrs.map((attr) =>
    typeof attr === 'string' ? { name: attr } : attr,
  );
  const refs = spec.refs ?? [];
  const toRecord = (object: ApiObject, context: ReadContext): MappedRecord | undefined => {
    const recordAttrs: Record<string, JsonValue | undefined> = {};
    for (const attr of attrs) {
      const raw = object[attr.api ?? attr.name];
      const value = attr.read ? attr.read(raw, object) : choiceValue(raw);
      if (value !== undefined) recordAttrs[attr.name] = value;
    }
    if (spec.hasCustomFields) {
      const custom = readCustomFields(object['custom_fields']);
      if (custom !== undefined) recordAttrs['custom_fields'] = custom;
    }
    const recordRefs: Record<string, ReferenceValue | undefined> = {};
    for (const ref of refs) {
      let value: ReferenceValue | undefined;
      if (ref.read) {
        value = ref.read(object, context);
      } else {
        const raw = object[ref.api ?? ref.name];
        if (raw === undefined) continue;
        value = ref.isList
          ? context.keys(ref.to, raw, ref.endpoint).sort()
          : context.key(ref.to, raw, ref.endpoint);
      }
      if (value !== undefined) recordRefs[ref.name] = value;
    }
    const record: MappedRecord = {
      attrs: recordAttrs,
      refs: recordRefs,
      ...(spec.meta ? { meta: spec.meta(object) } : {}),
    };
    return spec.adjust ? spec.adjust(record, object) : record;
  };
  const toPayload = async (
    fields: WriteFields,
    context: WriteContext,
    action: 'create' | 'update',
  ): Promise<Record<string, unknown>> => {
    const payload: Record<string, unknown> = {};
    for (const attr of attrs) {
      if (!(attr.name in fields.attrs)) continue;
      const value = fields.attrs[attr.name];
      payload[attr.api ?? attr.name] = attr.write ? attr.write(value) : value;
    }
    if (spec.hasCustomFields && 'custom_fields' in fields.attrs) {
      payload['custom_fields'] = writeCustomFields(
        fields.attrs['custom_fields'],
        fields.current?.attrs['custom_fields'],
      );
    }
    for (const ref of refs) {
      if (!(ref.name in fields.refs)) continue;
      const value = fields.refs[ref.name] ?? null;
      if (ref.write) {
        await ref.write(value, context, payload, fields);
      } else if (ref.isList) {
        const keys = value === null ? [] : typeof value === 'string' ? [value] : value;
        payload[ref.api ?? ref.name] = await Promise.all(
          keys.map((key) => context.id(ref.to, key, ref.endpoint)),
        );
      } else {
        payload[ref.api ?? ref.name] = await context.id(
          ref.to,
          typeof value === 'string' ? value : null,
          ref.endpoint,
        );
      }
    }
    if (action === 'create') await spec.onCreate?.(fields, payload, context);
    return payload;
  };
  return {
    type: spec.type,
    endpoint: spec.endpoint,
    ...(spec.query ? { query: spec.query } : {}),
    toRecord,
    toPayload,
    ...(spec.accepts ? { accepts: spec.accepts } : {}),
    ...(spec.virtualRecords ? { virtualRecords: spec.virtualRecords } : {}),
    ...(spec.lookup ? { lookup: spec.lookup } : {}),
  };
}

/** The lookup of a type keyed by one attribute (the last key component): `?name=…`. */
export function byLast(param: string): readonly KeyFilter[] {
  return [{ param, part: -1 }];
}

/** A NetBox-style slug from a name: lower case, runs of other characters as one dash. */
export function slugify(name: unknown): string {
  const slug = (typeof name === 'string' || typeof name === 'number' ? String(name) : '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return slug.length > 0 ? slug : 'x';
}
