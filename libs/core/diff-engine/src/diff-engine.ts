import {
  type AttributeDefinition,
  type ObjectType,
  type ObjectTypeRegistry,
  type ReferenceDefinition,
} from '@plumbline/object-types';
import { isSameReference, isSameValue } from './comparators';
import { type DiffOptions } from './diff-options';
import { countSummary, type DraftOperation, orderOperations } from './plan-order';
import {
  emptyTypeSummary,
  type FieldChange,
  type Plan,
  PLAN_FORMAT,
  type PlanSummary,
  type SummaryCount,
  type TypeSummary,
} from './plan';
import {
  type CanonicalRecord,
  type JsonValue,
  type RecordSet,
  type ReferenceValue,
} from './record';

export class DiffError extends Error {
  override name = 'DiffError';
}

interface TypeFields {
  type: ObjectType;
  attributes: readonly AttributeDefinition[];
  references: readonly ReferenceDefinition[];
}

/**
 * Compares a source with a target (and, three-way, with a baseline) and returns an ordered
 * plan. Two records are the same object when their natural keys match, or, for records left
 * unmatched, when they share an external id (a rename).
 */
export class DiffEngine {
  constructor(private readonly registry: ObjectTypeRegistry) {}

  diff(source: RecordSet, target: RecordSet, options: DiffOptions = {}): Plan {
    for (const set of [source, target, options.base]) {
      for (const type of set?.types() ?? []) {
        this.registry.get(type);
      }
    }
    const run = new DiffRun(source, target, options);
    for (const type of this.registry.list()) {
      if (this.isInScope(type.name, options)) {
        run.diffType(this.fieldsOf(type, options));
      }
    }
    const operations = orderOperations(run.drafts, this.registry);
    const summary: PlanSummary = { byType: run.summary, total: countSummary(run.summary) };
    return {
      format: PLAN_FORMAT,
      mode: options.base ? 'three-way' : 'two-way',
      operations,
      summary,
    };
  }

  private isInScope(type: string, options: DiffOptions): boolean {
    if (options.ignoredTypes?.includes(type)) {
      return false;
    }
    return !options.scope?.types || options.scope.types.includes(type);
  }

  private fieldsOf(type: ObjectType, options: DiffOptions): TypeFields {
    const ignored = options.ignoredFields?.[type.name];
    if (!ignored) {
      return { type, attributes: type.attributes, references: type.references };
    }
    const isKept = (field: { name: string }) =>
      !ignored.includes(field.name) || type.naturalKey.includes(field.name);
    return {
      type,
      attributes: type.attributes.filter(isKept),
      references: type.references.filter(isKept),
    };
  }
}

/** The state of one diff: operations found so far and the counts. */
class DiffRun {
  readonly drafts: DraftOperation[] = [];
  readonly summary: Record<string, TypeSummary> = {};
  private readonly isThreeWay: boolean;

  constructor(
    private readonly source: RecordSet,
    private readonly target: RecordSet,
    private readonly options: DiffOptions,
  ) {
    this.isThreeWay = options.base !== undefined;
  }

  diffType(fields: TypeFields): void {
    const name = fields.type.name;
    const sourceRecords = this.source.recordsOf(name);
    const targetRecords = this.target.recordsOf(name);
    const baseRecords = this.options.base?.recordsOf(name);
    const scopedKeys = this.options.scope?.keys?.[name];
    const scope = scopedKeys ? new Set(scopedKeys) : undefined;
    const counts = emptyTypeSummary();
    const unmatchedSource: CanonicalRecord[] = [];
    let matched = 0;
    for (let entry = 0; entry < sourceRecords.entryCount; entry += 1) {
      const record = sourceRecords.recordAt(entry);
      if (record === undefined || (scope && !scope.has(record.key))) continue;
      // The key's hash from loading: no string is hashed twice.
      const hash = sourceRecords.hashAt(entry);
      const match = targetRecords.get(record.key, hash);
      if (match === undefined) {
        unmatchedSource.push(record);
      } else {
        matched += 1;
        this.compare(fields, record, match, baseRecords?.get(record.key, hash), counts);
      }
    }
    const unmatchedTarget: CanonicalRecord[] = [];
    // When every target record found its source, there is nothing left to look for.
    if (scope || matched !== targetRecords.size) {
      for (let entry = 0; entry < targetRecords.entryCount; entry += 1) {
        const record = targetRecords.recordAt(entry);
        if (record === undefined || (scope && !scope.has(record.key))) continue;
        if (!sourceRecords.has(record.key, targetRecords.hashAt(entry))) {
          unmatchedTarget.push(record);
        }
      }
    }
    const renamed = pairByExternalId(unmatchedSource, unmatchedTarget);
    for (const [record, match] of renamed) {
      const base = baseRecords?.get(match.key) ?? baseRecords?.get(record.key);
      this.compare(fields, record, match, base, counts);
    }
    for (const record of unmatchedSource) {
      if (!renamed.has(record)) {
        this.sourceOnly(fields, record, baseRecords?.get(record.key), counts);
      }
    }
    const renamedTargets = new Set(renamed.values());
    for (const record of unmatchedTarget) {
      if (!renamedTargets.has(record)) {
        this.targetOnly(fields, record, baseRecords?.get(record.key), counts);
      }
    }
    if (Object.values(counts).some((count) => count > 0)) {
      this.summary[name] = counts;
    }
  }

  private compare(
    fields: TypeFields,
    record: CanonicalRecord,
    match: CanonicalRecord,
    base: CanonicalRecord | undefined,
    counts: TypeSummary,
  ): void {
    const changes = this.changesBetween(fields, record, match, base);
    const isRename = record.key !== match.key;
    if (changes === undefined && !isRename) {
      counts.noop += 1;
      return;
    }
    const list = changes ?? [];
    const hasConflict = list.some((change) => change.isConflict);
    const isDrift = !isRename && !hasConflict && list.every((change) => change.side === 'target');
    counts[hasConflict ? 'conflict' : isDrift ? 'drift' : 'update'] += 1;
    this.drafts.push({
      action: 'update',
      type: record.type,
      key: match.key,
      ...(isRename ? { newKey: record.key } : {}),
      changes: list,
      ...idsOf(match),
    });
  }

  /** Field changes from `match` (target) to `record` (source); undefined when none. */
  private changesBetween(
    fields: TypeFields,
    record: CanonicalRecord,
    match: CanonicalRecord,
    base: CanonicalRecord | undefined,
  ): FieldChange[] | undefined {
    let changes: FieldChange[] | undefined;
    const { attrs, refs } = record;
    const matchAttrs = match.attrs;
    for (const field of fields.attributes) {
      const proposed = attrs[field.name];
      if (proposed === undefined) continue;
      const current = matchAttrs[field.name];
      if (proposed === current || isSameValue(proposed, current, field)) continue;
      changes ??= [];
      changes.push(
        this.change(field.name, false, proposed, current, base?.attrs[field.name], base, (l, r) =>
          isSameValue(l as JsonValue, r as JsonValue, field),
        ),
      );
    }
    const matchRefs = match.refs;
    for (const field of fields.references) {
      const proposed = refs[field.name];
      if (proposed === undefined) continue;
      const current = matchRefs[field.name];
      if (proposed === current || isSameReference(proposed, current)) continue;
      changes ??= [];
      changes.push(
        this.change(field.name, true, proposed, current, base?.refs[field.name], base, (l, r) =>
          isSameReference(l as ReferenceValue, r as ReferenceValue),
        ),
      );
    }
    return changes;
  }

  private change(
    field: string,
    isReference: boolean,
    proposed: JsonValue | ReferenceValue,
    current: JsonValue | ReferenceValue | undefined,
    baseValue: JsonValue | ReferenceValue | undefined,
    base: CanonicalRecord | undefined,
    isSame: (left: unknown, right: unknown) => boolean,
  ): FieldChange {
    const change: FieldChange = {
      field,
      ...(isReference ? { isReference: true } : {}),
      current: current ?? null,
      proposed,
      side: 'source',
    };
    if (!this.isThreeWay) {
      return change;
    }
    change.base = baseValue ?? null;
    // Without a baseline record both sides introduced the value: nothing says which wins.
    const isSourceChanged = base === undefined || !isSame(proposed, baseValue);
    const isTargetChanged = base === undefined || !isSame(current, baseValue);
    if (isSourceChanged && isTargetChanged) {
      change.isConflict = true;
    } else if (isTargetChanged) {
      change.side = 'target';
    }
    return change;
  }

  private sourceOnly(
    fields: TypeFields,
    record: CanonicalRecord,
    base: CanonicalRecord | undefined,
    counts: TypeSummary,
  ): void {
    if (base && !this.changesBetween(fields, record, base, undefined)) {
      counts.drift += 1; // the target deleted it and the source did not touch it since
      return;
    }
    if (this.options.shouldSkipUnmatchedSource) {
      counts.skip += 1;
      return;
    }
    counts[base ? 'conflict' : 'create'] += 1;
    this.drafts.push({
      action: 'create',
      type: record.type,
      key: record.key,
      attrs: definedValues(record.attrs, fields.attributes),
      refs: definedValues(record.refs, fields.references),
      ...idsOf(record),
      ...(base ? { conflict: 'deleted-in-target' as const } : {}),
    });
  }

  private targetOnly(
    fields: TypeFields,
    record: CanonicalRecord,
    base: CanonicalRecord | undefined,
    counts: TypeSummary,
  ): void {
    const count = this.deleteVerdict(record, base === undefined);
    if (count !== undefined) {
      counts[count] += 1;
      return;
    }
    const isChanged = base !== undefined && this.changesBetween(fields, record, base, undefined);
    counts[isChanged ? 'conflict' : 'delete'] += 1;
    this.drafts.push({
      action: 'delete',
      type: record.type,
      key: record.key,
      ...idsOf(record),
      ...(isChanged ? { conflict: 'changed-in-target' as const } : {}),
      record,
    });
  }

  /** Why a target-only record is not deleted, or undefined when it is. */
  private deleteVerdict(record: CanonicalRecord, isNotInBase: boolean): SummaryCount | undefined {
    if (this.isThreeWay && isNotInBase) {
      return 'drift'; // the target added it; the source never had it
    }
    const { ownership, shouldSkipUnmatchedTarget } = this.options;
    if (shouldSkipUnmatchedTarget) {
      return 'skip';
    }
    if (ownership && record.source !== ownership.owner) {
      const isUnownedAllowed = record.source === undefined && ownership.canDeleteUnowned;
      return isUnownedAllowed ? undefined : 'skip';
    }
    return undefined;
  }
}

/** Pairs unmatched source and target records of one type that share an external id. */
function pairByExternalId(
  sources: readonly CanonicalRecord[],
  targets: readonly CanonicalRecord[],
): Map<CanonicalRecord, CanonicalRecord> {
  const pairs = new Map<CanonicalRecord, CanonicalRecord>();
  if (sources.length === 0 || targets.length === 0) {
    return pairs;
  }
  const byId = new Map<string, CanonicalRecord>();
  for (const target of targets) {
    for (const [system, id] of Object.entries(target.ids ?? {})) {
      byId.set(`${system}:${id}`, target);
    }
  }
  const taken = new Set<CanonicalRecord>();
  for (const source of sources) {
    for (const [system, id] of Object.entries(source.ids ?? {})) {
      const target = byId.get(`${system}:${id}`);
      if (target && !taken.has(target)) {
        pairs.set(source, target);
        taken.add(target);
        break;
      }
    }
  }
  return pairs;
}

function definedValues<T>(
  values: Readonly<Record<string, T | undefined>>,
  fields: readonly { name: string }[],
): Record<string, T> {
  const result: Record<string, T> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value !== undefined) result[field.name] = value;
  }
  return result;
}

function idsOf(record: CanonicalRecord): { ids?: Record<string, string | number> } {
  return record.ids ? { ids: { ...record.ids } } : {};
}
