import { parseIpAddress, privateRangeOf, reservedRangeOf } from './ip-address';
import { normalizeIso8601 } from './iso8601';
import { type ObjectTypePolicy, type ValidationRule } from './policy.schema';
import { type FieldValue } from './transformation.types';
import { type CompiledTransformations, compileTransformations } from './transformations';

/** An incoming entity: field name to JSON value, as the ingest API received it. */
export type IncomingRecord = Readonly<Record<string, unknown>>;

/** One failed rule: the record is rejected and the rule is named. */
export interface RuleViolation {
  /** The rule's `name`, or `<field>.<rule>` (`vid.range`, `name.pattern`, `site.required`). */
  rule: string;
  field: string;
  reason: string;
}

export type IpFilterName = 'exclude_private' | 'exclude_reserved';

export type RecordPolicyResult =
  /** Mapped, transformed and valid: the record to diff. */
  | { status: 'accepted'; record: Record<string, unknown> }
  /** Left out on purpose by a filter; not an error. */
  | { status: 'filtered'; filter: IpFilterName; field: string; reason: string }
  /** Fails at least one rule; every failing rule is listed. */
  | { status: 'rejected'; violations: RuleViolation[] };

/** A type's ingest rules compiled once (regular expressions built), to run over many records. */
export interface CompiledRecordPolicy {
  apply(entity: IncomingRecord): RecordPolicyResult;
}

const DEFAULT_ADDRESS_FIELD = 'address';

/**
 * Compiles the ingest side of a policy: field mappings, custom fields, value
 * transformations, IP filters and validation rules, applied in that order.
 * The policy is expected to be parsed (patterns already checked).
 */
export function compileRecordPolicy(policy: ObjectTypePolicy): CompiledRecordPolicy {
  const transformations = Object.entries(policy.transformations).map(
    ([field, specs]) => [field, compileTransformations(specs)] as const,
  );
  const validators = [
    // Fields the policy lists as required are required rules too, named like one.
    ...policy.field_lists.required.map((field) => compileRule({ field, rule: 'required' })),
    ...policy.validation_rules.map(compileRule),
  ];
  return {
    apply(entity) {
      const record = mapFields(entity, policy.field_mappings);
      const violations = [
        ...addCustomFields(record, entity, policy),
        ...transform(record, transformations),
      ];
      if (violations.length > 0) return { status: 'rejected', violations };
      const filtered = filterAddress(record, policy);
      if (filtered) return filtered;
      const failures = uniqueByRule(validators.flatMap((validate) => validate(record)));
      return failures.length > 0
        ? { status: 'rejected', violations: failures }
        : { status: 'accepted', record };
    },
  };
}

/**
 * Applies a type's policy to one incoming record: mapping, transformations, filters and
 * validation. Without a policy the record is accepted as is. Never throws for bad data.
 */
export function applyPolicyToRecord(
  entity: IncomingRecord,
  policy: ObjectTypePolicy | undefined,
): RecordPolicyResult {
  if (!policy) return { status: 'accepted', record: { ...entity } };
  return compileRecordPolicy(policy).apply(entity);
}

/** Renames mapped fields; unmapped fields pass through. A mapped value wins over a same-named field. */
function mapFields(
  entity: IncomingRecord,
  mappings: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const mappedSources = new Set(Object.keys(mappings));
  for (const [from, to] of Object.entries(mappings)) {
    const value = readPath(entity, from);
    if (value !== undefined) record[to] = value;
  }
  for (const [field, value] of Object.entries(entity)) {
    if (!mappedSources.has(field) && !Object.hasOwn(record, field)) record[field] = value;
  }
  return record;
}

/** Custom fields go under `custom_fields`, as NetBox and Nautobot hold them. */
function addCustomFields(
  record: Record<string, unknown>,
  entity: IncomingRecord,
  policy: ObjectTypePolicy,
): RuleViolation[] {
  const specs = Object.entries(policy.custom_fields);
  if (specs.length === 0) return [];
  const existing = record.custom_fields;
  const customFields: Record<string, unknown> =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing)
      ? { ...(existing as Record<string, unknown>) }
      : {};
  const violations: RuleViolation[] = [];
  for (const [name, spec] of specs) {
    let value = spec.source === undefined ? customFields[name] : readPath(entity, spec.source);
    if ((value === undefined || value === null) && spec.default !== undefined) {
      value = spec.default;
    }
    if (spec.format === 'iso8601' && value !== undefined && value !== null) {
      const normalized =
        typeof value === 'string' || typeof value === 'number'
          ? normalizeIso8601(value)
          : { ok: false as const, reason: `expects a date/time, got ${typeof value}` };
      if (!normalized.ok) {
        violations.push({
          rule: `${name}.format`,
          field: `custom_fields.${name}`,
          reason: normalized.reason,
        });
        continue;
      }
      value = normalized.value;
    }
    if (value !== undefined) customFields[name] = value;
  }
  record.custom_fields = customFields;
  return violations;
}

function transform(
  record: Record<string, unknown>,
  transformations: readonly (readonly [string, CompiledTransformations])[],
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const [field, compiled] of transformations) {
    const value = record[field];
    if (!isFieldValue(value)) {
      violations.push({
        rule: `${field}.transformations`,
        field,
        reason: 'transformations apply to text, numbers and true/false only',
      });
      continue;
    }
    const result = compiled.apply(value);
    if (!result.ok) {
      violations.push({ rule: `${field}.transformations`, field, reason: result.error.message });
    } else if (result.value !== undefined) {
      // A `default` may fill a field the source did not send; absent stays absent otherwise.
      record[field] = result.value;
    }
  }
  return violations;
}

function filterAddress(
  record: Record<string, unknown>,
  policy: ObjectTypePolicy,
): RecordPolicyResult | undefined {
  const { exclude_private: isPrivateExcluded, exclude_reserved: isReservedExcluded } =
    policy.filters;
  if (!isPrivateExcluded && !isReservedExcluded) return undefined;
  const field = policy.filters.field ?? DEFAULT_ADDRESS_FIELD;
  const value = record[field];
  // A missing address is for the required rule to report, not for the filter.
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : undefined;
  const address = text === undefined ? undefined : parseIpAddress(text);
  if (text === undefined || !address) {
    return {
      status: 'rejected',
      violations: [
        {
          rule: `${field}.ip_address`,
          field,
          reason: `${JSON.stringify(value)} is not an IP address`,
        },
      ],
    };
  }
  const checks = [
    {
      filter: 'exclude_private',
      isOn: isPrivateExcluded,
      kind: 'private',
      rangeOf: privateRangeOf,
    },
    {
      filter: 'exclude_reserved',
      isOn: isReservedExcluded,
      kind: 'reserved',
      rangeOf: reservedRangeOf,
    },
  ] as const;
  for (const { filter, isOn, kind, rangeOf } of checks) {
    const range = isOn ? rangeOf(address) : undefined;
    if (range)
      return { status: 'filtered', filter, field, reason: `${text} is ${kind} (${range})` };
  }
  return undefined;
}

type Validator = (record: Readonly<Record<string, unknown>>) => RuleViolation[];

function compileRule(rule: ValidationRule): Validator {
  const name = rule.name ?? `${rule.field}.${rule.rule}`;
  const fail = (reason: string): RuleViolation[] => [{ rule: name, field: rule.field, reason }];
  switch (rule.rule) {
    case 'required':
      return (record) => (isMissing(record[rule.field]) ? fail('is required') : []);
    case 'pattern': {
      const regex = new RegExp(rule.pattern, rule.flags);
      return (record) => {
        const value = record[rule.field];
        if (isMissing(value)) return [];
        if (typeof value !== 'string' && typeof value !== 'number') {
          return fail(`must be text matching ${rule.pattern}`);
        }
        return regex.test(String(value))
          ? []
          : fail(`${JSON.stringify(value)} does not match ${rule.pattern}`);
      };
    }
    case 'range':
      return (record) => {
        const value = record[rule.field];
        if (isMissing(value)) return [];
        const number =
          typeof value === 'number'
            ? value
            : typeof value === 'string' && value.trim() !== ''
              ? Number(value)
              : Number.NaN;
        if (!Number.isFinite(number)) return fail(`${JSON.stringify(value)} is not a number`);
        if (rule.min !== undefined && number < rule.min)
          return fail(`${number} is below ${rule.min}`);
        if (rule.max !== undefined && number > rule.max)
          return fail(`${number} is above ${rule.max}`);
        return [];
      };
  }
}

/** The same rule from the field list and from the rules is reported once. */
function uniqueByRule(violations: readonly RuleViolation[]): RuleViolation[] {
  const seen = new Set<string>();
  return violations.filter((violation) => {
    if (seen.has(violation.rule)) return false;
    seen.add(violation.rule);
    return true;
  });
}

/** A field name, or a dotted path into nested objects when no field has that exact name. */
function readPath(entity: IncomingRecord, path: string): unknown {
  if (Object.hasOwn(entity, path)) return entity[path];
  let current: unknown = entity;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function isFieldValue(value: unknown): value is FieldValue {
  return (
    value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)
  );
}

function isMissing(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}
