import {
  type CanonicalRecord,
  type JsonValue,
  KEY_SEPARATOR,
  RecordFormatError,
  RecordLoader,
  type ReferenceValue,
} from '@plumbline/diff-engine';
import { type ObjectType, type ObjectTypeRegistry } from '@plumbline/object-types';

export interface FieldProblem {
  field: string;
  reason: string;
}

export type NormalizeResult =
  { isValid: true; record: CanonicalRecord } | { isValid: false; problems: FieldProblem[] };

/** Fields of an entity that are never data: the producer's own bookkeeping. */
const IGNORED_FIELDS = new Set(['id', 'url', 'display', 'created', 'last_updated']);

/**
 * Turns an ingested entity (flat fields, after the policy's mappings and transformations) into
 * a canonical record. A reference is the natural key of the referenced record: a string, an object
 * with the referenced type's key fields (`{manufacturer: "Acme", model: "X1"}`) or the key
 * parts in order (`["Acme", "X1"]`), or a list of those for list references. Fields the producer did not send stay absent, so they are
 * never written; an explicit null clears a field.
 */
export class EntityNormalizer {
  private readonly loader: RecordLoader;

  constructor(private readonly registry: ObjectTypeRegistry) {
    this.loader = new RecordLoader(registry);
  }

  normalize(
    typeName: string,
    entity: Readonly<Record<string, unknown>>,
    provenance: { source: string; observedAt: string },
  ): NormalizeResult {
    const type = this.registry.get(typeName);
    const problems: FieldProblem[] = [];
    const attrs: Record<string, JsonValue> = {};
    const refs: Record<string, ReferenceValue> = {};
    for (const [field, value] of Object.entries(entity)) {
      if (value === undefined || IGNORED_FIELDS.has(field)) continue;
      const reference = type.referenceByName.get(field);
      if (reference) {
        const key = this.referenceKey(reference.to, value, Boolean(reference.isList), field);
        if ('problem' in key) problems.push(key.problem);
        else refs[field] = key.value;
        continue;
      }
      if (type.attributeByName.has(field)) {
        attrs[field] = value as JsonValue;
        continue;
      }
      problems.push({ field, reason: `is not a field of ${type.name}` });
    }
    for (const part of type.naturalKey) {
      const value = type.attributeByName.has(part) ? attrs[part] : refs[part];
      const isOptionalReference = !type.attributeByName.has(part) && value === null;
      if (!isOptionalReference && (value === undefined || value === null || value === '')) {
        problems.push({ field: part, reason: `is required: it identifies the ${type.name}` });
      }
    }
    if (problems.length > 0) return { isValid: false, problems };
    try {
      const key = this.loader.keyOf(type, attrs, refs, type.name);
      return {
        isValid: true,
        record: { type: type.name, key, attrs, refs, ids: undefined, ...provenance },
      };
    } catch (error) {
      if (!(error instanceof RecordFormatError)) throw error;
      return { isValid: false, problems: [fieldProblemOf(error.message)] };
    }
  }

  private referenceKey(
    to: string,
    value: unknown,
    isList: boolean,
    field: string,
  ): { value: ReferenceValue } | { problem: FieldProblem } {
    if (value === null) return { value: isList ? [] : null };
    if (isList) {
      if (!Array.isArray(value)) {
        return { problem: { field, reason: `must be a list of ${to} natural keys` } };
      }
      const keys: string[] = [];
      for (const [index, item] of value.entries()) {
        const key = this.keyOfReference(this.registry.get(to), item, `${field}.${index}`);
        if (typeof key !== 'string') return { problem: key };
        keys.push(key);
      }
      return { value: keys };
    }
    const key = this.keyOfReference(this.registry.get(to), value, field);
    return typeof key === 'string' ? { value: key } : { problem: key };
  }

  /** The natural key a reference names, from a key string or an object of key fields. */
  private keyOfReference(type: ObjectType, value: unknown, field: string): string | FieldProblem {
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && type.naturalKey.length === 1) return String(value);
    // Key parts in order, as record files write composite keys: `["Acme", "X1"]`.
    if (Array.isArray(value) && value.length === type.naturalKey.length) {
      const parts: unknown[] = value;
      if (parts.every((part): part is string | null => part === null || typeof part === 'string')) {
        return parts.map((part) => part ?? '').join(KEY_SEPARATOR);
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        field,
        reason: `must name a ${type.name} by its natural key (${type.naturalKey.join(', ')})`,
      };
    }
    const fields = value as Record<string, unknown>;
    const attrs: Record<string, JsonValue> = {};
    const refs: Record<string, ReferenceValue> = {};
    for (const part of type.naturalKey) {
      const partValue = fields[part];
      const reference = type.referenceByName.get(part);
      if (reference) {
        if (partValue === undefined || partValue === null) {
          refs[part] = null;
          continue;
        }
        const nested = this.keyOfReference(
          this.registry.get(reference.to),
          partValue,
          `${field}.${part}`,
        );
        if (typeof nested !== 'string') return nested;
        refs[part] = nested;
      } else {
        if (partValue === undefined || partValue === null || partValue === '') {
          return { field: `${field}.${part}`, reason: `is required to name a ${type.name}` };
        }
        attrs[part] = partValue as JsonValue;
      }
    }
    try {
      return this.loader.keyOf(type, attrs, refs, field);
    } catch (error) {
      if (!(error instanceof RecordFormatError)) throw error;
      return fieldProblemOf(error.message);
    }
  }
}

/** RecordFormatError messages read `<where>: <reason>`. */
function fieldProblemOf(message: string): FieldProblem {
  const [field, ...reason] = message.split(': ');
  return { field: (field ?? '').replace(/\.attrs\./, '.'), reason: reason.join(': ') || message };
}

/** A canonical key made readable for people (key parts joined with " / "). */
export function displayKey(key: string): string {
  return key.split(KEY_SEPARATOR).join(' / ');
}
