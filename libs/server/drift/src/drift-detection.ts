import {
  type CanonicalRecord,
  type FieldChange,
  type FieldValue,
  isSameReference,
  isSameValue,
  type JsonValue,
  type Operation,
  type ReferenceValue,
} from '@plumbline/diff-engine';
import { type ObjectType } from '@plumbline/object-types';

/** What producers asserted about a record: only the fields they sent. */
export interface IntendedRecord {
  key: string;
  attrs: Readonly<Record<string, unknown>>;
  refs: Readonly<Record<string, unknown>>;
}

export interface DriftedField {
  field: string;
  isReference: boolean;
  intended: FieldValue;
  /** What the instance holds; null for a deleted object. */
  live: FieldValue;
  /** The last state Plumbline applied or confirmed; null when there is none. */
  base: FieldValue;
}

export interface DriftFinding {
  /** The instance no longer has the object. */
  isDeleted: boolean;
  fields: DriftedField[];
}

/**
 * Where the instance contradicts what was ingested. A field drifts when the instance holds a
 * value other than the intended one and other than the baseline's: a value still equal to the
 * baseline means the intended one was never written (dropped or waiting in review), which is
 * not the instance moving away. Without a baseline any difference counts. A deleted object
 * drifts in every intended field. Undefined when nothing drifted.
 */
export function detectDrift(
  type: ObjectType,
  intended: IntendedRecord,
  live: CanonicalRecord | undefined,
  base: CanonicalRecord | undefined,
): DriftFinding | undefined {
  const fields: DriftedField[] = [];
  for (const [name, value] of Object.entries(intended.attrs)) {
    const rule = type.attributeByName.get(name);
    if (rule === undefined || value === undefined) continue;
    const wanted = value as JsonValue;
    const held = live?.attrs[name] ?? null;
    const baseline = base?.attrs[name];
    const isSame = (left: JsonValue | undefined, right: JsonValue | undefined): boolean =>
      isSameValue(left ?? null, right ?? null, rule);
    if (live !== undefined && isSame(wanted, held)) continue;
    if (live !== undefined && baseline !== undefined && isSame(held, baseline)) continue;
    fields.push({
      field: name,
      isReference: false,
      intended: wanted,
      live: live === undefined ? null : held,
      base: baseline ?? null,
    });
  }
  for (const [name, value] of Object.entries(intended.refs)) {
    if (!type.referenceByName.has(name) || value === undefined) continue;
    const wanted = value as ReferenceValue;
    const held = live?.refs[name] ?? null;
    const baseline = base?.refs[name];
    if (live !== undefined && isSameReference(wanted, held)) continue;
    if (live !== undefined && baseline !== undefined && isSameReference(held, baseline)) continue;
    fields.push({
      field: name,
      isReference: true,
      intended: wanted,
      live: live === undefined ? null : held,
      base: baseline ?? null,
    });
  }
  if (live === undefined) return { isDeleted: true, fields };
  return fields.length > 0 ? { isDeleted: false, fields } : undefined;
}

/**
 * The write that puts the intended values back: an update of the drifted fields (renaming the
 * object back when its key drifted), or, for a deleted object, a create from the baseline
 * overlaid with the intended fields. Deferrable references (a device's primary IP) are left out
 * of a re-create: what they pointed at went with the object.
 */
export function correctionOf(
  type: ObjectType,
  intended: IntendedRecord,
  live: CanonicalRecord | undefined,
  base: CanonicalRecord | undefined,
  finding: DriftFinding,
): Operation {
  if (finding.isDeleted || live === undefined) {
    const refs: Record<string, ReferenceValue> = {};
    for (const [name, value] of Object.entries(base?.refs ?? {})) {
      const reference = type.referenceByName.get(name);
      if (value !== undefined && reference && !reference.isDeferrable) refs[name] = value;
    }
    const attrs: Record<string, JsonValue> = {};
    for (const [name, value] of Object.entries(base?.attrs ?? {})) {
      if (value !== undefined) attrs[name] = value;
    }
    for (const [name, value] of Object.entries(intended.attrs)) {
      if (value !== undefined && type.attributeByName.has(name)) attrs[name] = value as JsonValue;
    }
    for (const [name, value] of Object.entries(intended.refs)) {
      if (value !== undefined && type.referenceByName.has(name)) {
        refs[name] = value as ReferenceValue;
      }
    }
    return { id: 0, action: 'create', type: type.name, key: intended.key, level: 0, attrs, refs };
  }
  const changes: FieldChange[] = finding.fields.map((field) => ({
    field: field.field,
    ...(field.isReference && { isReference: true as const }),
    base: field.base,
    current: field.live,
    proposed: field.intended,
    // Written like a source's change: the intended value is what the source asserted.
    side: 'source',
  }));
  return {
    id: 0,
    action: 'update',
    type: type.name,
    key: live.key,
    ...(live.key !== intended.key && { newKey: intended.key }),
    level: 0,
    changes,
    ...(live.ids && { ids: { ...live.ids } }),
  };
}
