import { parseAllDocuments, stringify } from 'yaml';
import { isSameJson } from './canonical-json';
import { resolveObjectTypeName } from './object-type-aliases';
import { joinPath, toPolicyIssues } from './policy.parser';
import {
  type ConflictStrategy,
  type FieldOverride,
  type ObjectTypePolicy,
  type PolicySet,
  policySetSchema,
  type ReviewTriggers,
  type ValidationRule,
} from './policy.schema';
import { type PolicyIssue, PolicyValidationError } from './policy-validation.error';
import {
  type YamlDataTransformation,
  type YamlDocument,
  yamlDocumentSchema,
  type YamlModelConflict,
  type YamlSyncPolicy,
  type YamlTriggerList,
} from './policy-yaml.schema';
import { type TransformationSpec } from './transformation.types';

export interface PolicyYamlImport {
  policies: PolicySet;
  /**
   * Things the file says twice, differently, and how they were settled (the seed's own
   * example gives `devices` one strategy in `sync_policies` and another in
   * `conflict_resolution`). The import still succeeds; the API shows these to the admin.
   */
  warnings: PolicyIssue[];
}

/**
 * Reads policies written in the seed's YAML format: `sync_policies`,
 * `data_transformations` and `conflict_resolution`, in one file or spread over several
 * (as the seed keeps them), each possibly holding several `---` documents.
 *
 * @throws PolicyValidationError naming each bad field by its path in the file.
 */
export function importPoliciesFromYaml(source: string | readonly string[]): PolicyYamlImport {
  const document = parseYamlSections(typeof source === 'string' ? [source] : source);
  const parsed = yamlDocumentSchema.safeParse(document);
  if (!parsed.success) throw new PolicyValidationError(toPolicyIssues(parsed.error));
  const builder = new PolicySetBuilder();
  builder.read(parsed.data);
  return builder.build();
}

/**
 * Writes policies in the seed's YAML format, keyed by object type. Importing the result
 * gives the same policies.
 */
export function exportPoliciesToYaml(set: PolicySet): string {
  const syncPolicies: Record<string, unknown> = {};
  const dataTransformations: Record<string, unknown> = {};
  const perModel: Record<string, unknown> = {};
  for (const policy of set.policies) {
    syncPolicies[policy.object_type] = exportSyncPolicy(policy);
    const transformations = exportDataTransformations(policy);
    if (transformations) dataTransformations[policy.object_type] = transformations;
    const conflict = exportModelConflict(policy);
    if (conflict) perModel[policy.object_type] = conflict;
  }
  const document: Record<string, unknown> = {};
  if (set.policies.length > 0) document.sync_policies = syncPolicies;
  if (Object.keys(dataTransformations).length > 0) {
    document.data_transformations = dataTransformations;
  }
  document.conflict_resolution = compact({
    global_policy: set.default_strategy,
    per_model_policies: nonEmpty(perModel),
    manual_review_triggers: exportTriggers(set.review_triggers),
  });
  return stringify(document, { lineWidth: 0 });
}

/** Parses every document of every text and merges their top-level sections. */
function parseYamlSections(texts: readonly string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const issues: PolicyIssue[] = [];
  for (const [fileIndex, text] of texts.entries()) {
    const where = texts.length > 1 ? `file ${fileIndex + 1}, ` : '';
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        for (const error of document.errors) {
          const position = error.linePos?.[0];
          const at = position ? `${where}line ${position.line}, column ${position.col}: ` : where;
          issues.push({ path: '', reason: `${at}${error.message.split('\n')[0] ?? ''}` });
        }
        continue;
      }
      const content: unknown = document.toJS();
      if (content === null || content === undefined) continue;
      if (typeof content !== 'object' || Array.isArray(content)) {
        issues.push({ path: '', reason: `${where}the document must be a map of sections` });
        continue;
      }
      for (const [key, value] of Object.entries(content)) {
        if (Object.hasOwn(merged, key)) {
          issues.push({ path: key, reason: 'is given more than once' });
        }
        merged[key] = value;
      }
    }
  }
  if (issues.length > 0) throw new PolicyValidationError(issues);
  return merged;
}

/** Collects each model's parts from the three sections into one policy per object type. */
class PolicySetBuilder {
  private readonly drafts = new Map<string, Draft>();
  private readonly issues: PolicyIssue[] = [];
  private readonly warnings: PolicyIssue[] = [];
  private defaultStrategy: ConflictStrategy | undefined;
  private globalTriggers: ReviewTriggers = { field_conflicts: [], value_changes: [] };

  read(document: YamlDocument): void {
    for (const [name, entry] of Object.entries(document.sync_policies ?? {})) {
      const draft = this.draftFor('sync_policies', name);
      if (draft) draft.sync = entry ?? {};
    }
    for (const [name, entry] of Object.entries(document.data_transformations ?? {})) {
      const draft = this.draftFor('data_transformations', name);
      if (draft) draft.data = entry ?? undefined;
    }
    const conflicts = document.conflict_resolution;
    for (const [name, entry] of Object.entries(conflicts?.per_model_policies ?? {})) {
      const draft = this.draftFor('conflict_resolution.per_model_policies', name);
      if (draft) draft.conflict = entry ?? undefined;
    }
    this.defaultStrategy = conflicts?.global_policy;
    this.globalTriggers = readTriggers(
      conflicts?.manual_review_triggers,
      'conflict_resolution.manual_review_triggers',
      this.issues,
    );
  }

  build(): PolicyYamlImport {
    const policies = [...this.drafts.values()].map((draft) => this.toPolicy(draft));
    if (this.issues.length > 0) throw new PolicyValidationError(this.issues);
    const result = policySetSchema.safeParse({
      ...(this.defaultStrategy ? { default_strategy: this.defaultStrategy } : {}),
      review_triggers: this.globalTriggers,
      policies,
    });
    // The file's own schema checks every leaf; what is left are rules that span sections,
    // reported against the object type since they have no single place in the file.
    if (!result.success) {
      const issues = toPolicyIssues(result.error).map((issue) => ({
        ...issue,
        path: describePolicyPath(issue.path, policies),
      }));
      throw new PolicyValidationError(issues);
    }
    return { policies: result.data, warnings: this.warnings };
  }

  private draftFor(section: string, name: string): Draft | undefined {
    const objectType = resolveObjectTypeName(name);
    if (objectType === undefined) {
      this.issues.push({
        path: `${section}.${name}`,
        reason:
          'is not an object type: use app_label.model (e.g. dcim.device) or a model name such as devices',
      });
      return undefined;
    }
    let draft = this.drafts.get(objectType);
    if (!draft) {
      draft = { objectType, names: {} };
      this.drafts.set(objectType, draft);
    }
    const earlier = draft.names[section];
    if (earlier !== undefined) {
      this.issues.push({
        path: `${section}.${name}`,
        reason: `names ${objectType}, as ${earlier} does`,
      });
    }
    draft.names[section] = name;
    return draft;
  }

  private toPolicy(draft: Draft): Record<string, unknown> {
    const { sync = {}, data, conflict } = draft;
    const syncPath = `sync_policies.${draft.names.sync_policies ?? ''}`;
    const conflictPath = `conflict_resolution.per_model_policies.${draft.names['conflict_resolution.per_model_policies'] ?? ''}`;
    const transformationsPath = `data_transformations.${draft.names.data_transformations ?? ''}`;
    return compact({
      object_type: draft.objectType,
      source_priority: this.sourcePriority(sync, conflict, syncPath),
      sync_interval: sync.sync_interval,
      field_lists: sync.fields,
      conflict_resolution: compact({
        strategy: this.strategy(sync, conflict, syncPath, conflictPath),
        excluded_fields: conflict?.exclude_fields,
        fields: nonEmpty(fieldOverrides(conflict)),
        concatenate_separator: conflict?.concatenate_separator,
      }),
      review_triggers: conflict?.manual_review_triggers
        ? readTriggers(
            conflict.manual_review_triggers,
            `${conflictPath}.manual_review_triggers`,
            this.issues,
          )
        : undefined,
      field_mappings: data?.field_mappings,
      transformations: nonEmpty(this.transformations(sync, data, syncPath, transformationsPath)),
      custom_fields: data?.custom_fields,
      validation_rules: nonEmptyList(validationRules(sync, data)),
      filters: readFilters(sync.filters),
      discovery_precedence: sync.discovery_precedence,
      deletes: sync.deletes,
      change_threshold: sync.change_threshold,
      drift: sync.drift,
    });
  }

  /** `priority_order` is the full list; `source_priority` may name just the first. */
  private sourcePriority(
    sync: YamlSyncPolicy,
    conflict: YamlModelConflict | undefined,
    syncPath: string,
  ): string[] | undefined {
    const short = sync.source_priority;
    const shortList = short === undefined ? undefined : typeof short === 'string' ? [short] : short;
    const order = conflict?.priority_order;
    if (order === undefined) return shortList;
    if (shortList !== undefined && !isSameJson(shortList, order.slice(0, shortList.length))) {
      this.warnings.push({
        path: `${syncPath}.source_priority`,
        reason: `disagrees with priority_order [${order.join(', ')}], which is used`,
      });
    }
    return order;
  }

  /** The dedicated conflict section is the more specific statement, so it wins. */
  private strategy(
    sync: YamlSyncPolicy,
    conflict: YamlModelConflict | undefined,
    syncPath: string,
    conflictPath: string,
  ): ConflictStrategy | undefined {
    const detailed = conflict?.policy;
    const short = sync.conflict_resolution;
    if (detailed !== undefined && short !== undefined && detailed !== short) {
      this.warnings.push({
        path: `${syncPath}.conflict_resolution`,
        reason: `says ${short} but ${conflictPath}.policy says ${detailed}, which is used`,
      });
    }
    return detailed ?? short;
  }

  /** The detailed list of a field wins over the shorthand, which is usually its first step. */
  private transformations(
    sync: YamlSyncPolicy,
    data: YamlDataTransformation | undefined,
    syncPath: string,
    transformationsPath: string,
  ): Record<string, TransformationSpec[]> {
    const result: Record<string, TransformationSpec[]> = { ...sync.transformations };
    for (const [field, list] of Object.entries(data?.value_transformations ?? {})) {
      const short = result[field];
      if (short !== undefined && !isSameJson(short, list.slice(0, short.length))) {
        this.warnings.push({
          path: `${syncPath}.transformations.${field}`,
          reason: `differs from ${transformationsPath}.value_transformations.${field}, which is used`,
        });
      }
      result[field] = list;
    }
    return result;
  }
}

interface Draft {
  objectType: string;
  /** The model name used for it in each section, for paths in messages. */
  names: Record<string, string>;
  sync?: YamlSyncPolicy;
  data?: YamlDataTransformation;
  conflict?: YamlModelConflict;
}

function fieldOverrides(conflict: YamlModelConflict | undefined): Record<string, FieldOverride> {
  const overrides: Record<string, FieldOverride> = {};
  for (const [field, entry] of Object.entries(conflict?.field_specific ?? {})) {
    overrides[field] = compact({ strategy: entry.policy, owner: entry.owner });
  }
  for (const [field, merge] of Object.entries(conflict?.merge_strategy ?? {})) {
    overrides[field] = { ...overrides[field], merge };
  }
  return overrides;
}

/** Rules of both sections; one the seed repeats in both is kept once. */
function validationRules(
  sync: YamlSyncPolicy,
  data: YamlDataTransformation | undefined,
): ValidationRule[] {
  const rules = [...(sync.validation_rules ?? [])];
  const fromSync = [...rules];
  for (const rule of data?.validation_rules ?? []) {
    if (!fromSync.some((known) => isSameRule(known, rule))) rules.push(rule);
  }
  return rules;
}

function isSameRule(left: ValidationRule, right: ValidationRule): boolean {
  return isSameJson(left, right);
}

function readFilters(filters: YamlSyncPolicy['filters']): Record<string, unknown> | undefined {
  if (filters === undefined) return undefined;
  const items = Array.isArray(filters) ? filters : [filters];
  const merged: Record<string, unknown> = {};
  for (const item of items) Object.assign(merged, compact({ ...item }));
  return merged;
}

function readTriggers(
  list: YamlTriggerList | undefined,
  path: string,
  issues: PolicyIssue[],
): ReviewTriggers {
  const triggers: ReviewTriggers = { field_conflicts: [], value_changes: [] };
  for (const [index, item] of (list ?? []).entries()) {
    triggers.field_conflicts.push(...(item.field_conflicts ?? []));
    for (const change of item.value_changes ?? []) {
      triggers.value_changes.push(typeof change === 'string' ? change : change.field);
    }
    if (item.data_age_difference !== undefined) {
      if (triggers.data_age_difference !== undefined) {
        issues.push({
          path: joinPath([...path.split('.'), index, 'data_age_difference']),
          reason: 'is given more than once',
        });
      }
      triggers.data_age_difference = item.data_age_difference;
    }
  }
  return triggers;
}

function exportSyncPolicy(policy: ObjectTypePolicy): Record<string, unknown> {
  const lists = policy.field_lists;
  const filters = policy.filters;
  return compact({
    source_priority: policy.source_priority[0],
    sync_interval: policy.sync_interval,
    fields: nonEmpty(
      compact({
        required: nonEmptyList(lists.required),
        optional: nonEmptyList(lists.optional),
        custom: nonEmptyList(lists.custom),
      }),
    ),
    validation_rules: nonEmptyList(policy.validation_rules.map(exportValidationRule)),
    filters: nonEmptyList(
      [
        filters.exclude_private ? { exclude_private: true } : undefined,
        filters.exclude_reserved ? { exclude_reserved: true } : undefined,
        filters.field === undefined ? undefined : { field: filters.field },
      ].filter((item) => item !== undefined),
    ),
    discovery_precedence: policy.discovery_precedence,
    deletes:
      policy.deletes.mode === 'never' && !policy.deletes.status && !policy.deletes.tag
        ? undefined
        : compact({ ...policy.deletes }),
    change_threshold: policy.change_threshold,
    drift: policy.drift && compact({ ...policy.drift }),
  });
}

function exportValidationRule(rule: ValidationRule): Record<string, unknown> {
  const base = compact({ field: rule.field, name: rule.name });
  switch (rule.rule) {
    case 'required':
      return { ...base, required: true };
    case 'pattern':
      return compact({ ...base, pattern: rule.pattern, flags: rule.flags });
    case 'range':
      return rule.min !== undefined && rule.max !== undefined
        ? { ...base, range: [rule.min, rule.max] }
        : compact({ ...base, min: rule.min, max: rule.max });
  }
}

function exportDataTransformations(policy: ObjectTypePolicy): Record<string, unknown> | undefined {
  return nonEmpty(
    compact({
      field_mappings: nonEmpty(policy.field_mappings),
      value_transformations: nonEmpty(policy.transformations),
      custom_fields: nonEmpty(policy.custom_fields),
    }),
  );
}

function exportModelConflict(policy: ObjectTypePolicy): Record<string, unknown> | undefined {
  const resolution = policy.conflict_resolution;
  const fieldSpecific: Record<string, unknown> = {};
  const mergeStrategy: Record<string, unknown> = {};
  // Sorted: the one map is written as two, which import cannot put back in the first order.
  const overrides = Object.entries(resolution.fields).sort(([left], [right]) =>
    left < right ? -1 : left > right ? 1 : 0,
  );
  for (const [field, override] of overrides) {
    const entry = compact({ policy: override.strategy, owner: override.owner });
    if (Object.keys(entry).length > 0) fieldSpecific[field] = entry;
    if (override.merge !== undefined) mergeStrategy[field] = override.merge;
  }
  return nonEmpty(
    compact({
      policy: resolution.strategy,
      // One source fits in sync_policies.source_priority; more need the ordered list.
      priority_order: policy.source_priority.length > 1 ? policy.source_priority : undefined,
      field_specific: nonEmpty(fieldSpecific),
      exclude_fields: nonEmptyList(resolution.excluded_fields),
      merge_strategy: nonEmpty(mergeStrategy),
      concatenate_separator: resolution.concatenate_separator,
      manual_review_triggers: exportTriggers(policy.review_triggers),
    }),
  );
}

function exportTriggers(triggers: ReviewTriggers): unknown[] | undefined {
  const items: unknown[] = [];
  if (triggers.field_conflicts.length > 0) {
    items.push({ field_conflicts: triggers.field_conflicts });
  }
  if (triggers.value_changes.length > 0) {
    items.push({
      value_changes: triggers.value_changes.map((field) => ({ field, threshold: 'any' })),
    });
  }
  if (triggers.data_age_difference !== undefined) {
    items.push({ data_age_difference: triggers.data_age_difference });
  }
  return nonEmptyList(items);
}

/** Maps `policies.3.x` to `dcim.device: x`, since the YAML file has no policy list. */
function describePolicyPath(path: string, policies: readonly Record<string, unknown>[]): string {
  const match = /^policies\.(\d+)(?:\.(.*))?$/.exec(path);
  if (!match) return path;
  const objectType = policies[Number(match[1])]?.object_type;
  if (typeof objectType !== 'string') return path;
  return match[2] === undefined ? objectType : `${objectType}: ${match[2]}`;
}

/** Leaves out undefined values, so an absent setting is absent rather than `null` in YAML. */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function nonEmpty<T extends Record<string, unknown>>(object: T): T | undefined {
  return Object.keys(object).length > 0 ? object : undefined;
}

function nonEmptyList<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
