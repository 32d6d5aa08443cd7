import { z } from 'zod';
import { parseDuration } from './duration';
import { OBJECT_TYPE_PATTERN } from './object-type-aliases';
import { TransformationError } from './transformation.error';
import { type TransformationSpec } from './transformation.types';
import { compileTransformations } from './transformations';

/*
 * The canonical policy model: what the API accepts as JSON, what storage keeps and what
 * the engine reads. Keys are snake_case because this is a wire format shared with the YAML
 * files; defaults are filled in by parsing, so consumers read a complete object.
 */

export const CONFLICT_STRATEGIES = [
  'source_priority',
  'latest_wins',
  'merge',
  'manual_review',
  'immutable',
] as const;

export const MERGE_METHODS = ['concatenate', 'union'] as const;

export const DELETE_MODES = ['never', 'safe', 'delete'] as const;

/** What a check does when the instance no longer holds what producers asserted. */
export const DRIFT_ACTIONS = ['correct', 'review', 'accept'] as const;

/** Regular-expression flags a validation pattern may use; `g` and `y` would make tests stateful. */
const PATTERN_FLAGS = /^[imsu]*$/;

export const nameSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' });

const nameListSchema = z.array(nameSchema, { error: 'must be a list of names' });

export const objectTypeNameSchema = z
  .string({ error: 'must be text' })
  .regex(OBJECT_TYPE_PATTERN, { error: 'must be an object type such as dcim.device' });

export const conflictStrategySchema = z.enum(CONFLICT_STRATEGIES, {
  error: `must be one of ${CONFLICT_STRATEGIES.join(', ')}`,
});

export const mergeMethodSchema = z.enum(MERGE_METHODS, {
  error: `must be one of ${MERGE_METHODS.join(', ')}`,
});

export const deleteModeSchema = z.enum(DELETE_MODES, {
  error: `must be one of ${DELETE_MODES.join(', ')}`,
});

export const durationSchema = z
  .string({ error: 'must be a duration such as 24h' })
  .refine((text) => parseDuration(text) !== undefined, {
    error: 'must be a duration such as 90s, 30m, 24h, 7d or 1d12h',
  });

export const scalarSchema = z.union([z.string(), z.number().finite(), z.boolean()], {
  error: 'must be text, a number or true/false',
});

const regexSourceSchema = z.string({ error: 'must be a regular expression' }).min(1, {
  error: 'must not be empty',
});

const transformationSpecSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('uppercase') }),
    z.strictObject({ type: z.literal('lowercase') }),
    z.strictObject({ type: z.literal('trim_whitespace') }),
    z.strictObject({
      type: z.literal('replace'),
      pattern: regexSourceSchema,
      replacement: z.string({ error: 'must be text' }),
      flags: z.string().optional(),
    }),
    z.strictObject({
      type: z.literal('lookup'),
      mapping: z.record(z.string(), scalarSchema),
      default: scalarSchema.optional(),
    }),
    z.strictObject({ type: z.literal('default'), value: scalarSchema }),
    z.strictObject({
      type: z.literal('format'),
      format: z.literal('iso8601', { error: 'must be iso8601' }),
    }),
  ],
  {
    error:
      'type must be one of uppercase, lowercase, trim_whitespace, replace, lookup, default, format',
  },
);

/** A field's transformations; compiled here so that a bad pattern is reported on save. */
export const transformationListSchema = z
  .array(transformationSpecSchema, { error: 'must be a list of transformations' })
  .superRefine((specs, context) => {
    try {
      compileTransformations(specs);
    } catch (error) {
      if (!(error instanceof TransformationError)) throw error;
      context.addIssue({ code: 'custom', path: [error.index], message: error.reason });
    }
  });

// Fails the build if the schema and the transformation engine's types drift apart.
type AssertAssignable<T extends TransformationSpec> = T;
export type TransformationSpecFromSchema = AssertAssignable<
  z.output<typeof transformationSpecSchema>
>;

const ruleBase = { name: nameSchema.optional(), field: nameSchema };

export const validationRuleSchema = z.discriminatedUnion(
  'rule',
  [
    z.strictObject({ ...ruleBase, rule: z.literal('required') }),
    z
      .strictObject({
        ...ruleBase,
        rule: z.literal('pattern'),
        pattern: regexSourceSchema,
        flags: z
          .string()
          .regex(PATTERN_FLAGS, { error: 'may only hold the flags i, m, s and u' })
          .optional(),
      })
      .superRefine((rule, context) => {
        try {
          new RegExp(rule.pattern, rule.flags);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          context.addIssue({ code: 'custom', path: ['pattern'], message: reason });
        }
      }),
    z
      .strictObject({
        ...ruleBase,
        rule: z.literal('range'),
        min: z.number().finite().optional(),
        max: z.number().finite().optional(),
      })
      .superRefine((rule, context) => {
        if (rule.min === undefined && rule.max === undefined) {
          context.addIssue({ code: 'custom', path: ['min'], message: 'needs min, max or both' });
        } else if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
          context.addIssue({ code: 'custom', path: ['max'], message: 'must not be below min' });
        }
      }),
  ],
  { error: 'rule must be one of required, pattern, range' },
);

export const fieldListsSchema = z.strictObject({
  required: nameListSchema.default([]),
  optional: nameListSchema.default([]),
  custom: nameListSchema.default([]),
});

export const fieldOverrideSchema = z
  .strictObject({
    strategy: conflictStrategySchema.optional(),
    merge: mergeMethodSchema.optional(),
    /** The only source whose values this field takes. */
    owner: nameSchema.optional(),
  })
  .refine((override) => Object.values(override).some((value) => value !== undefined), {
    error: 'needs strategy, merge or owner',
  });

export const conflictResolutionSchema = z.strictObject({
  /** Absent: the policy set's `default_strategy`. */
  strategy: conflictStrategySchema.optional(),
  /** Fields never written by a sync (ids, timestamps the target keeps). */
  excluded_fields: nameListSchema.default([]),
  fields: z.record(nameSchema, fieldOverrideSchema).default({}),
  /** Put between the two values by the `concatenate` merge; a new line by default. */
  concatenate_separator: z.string().optional(),
});

export const reviewTriggersSchema = z.strictObject({
  /** A conflict on one of these fields always goes to review. */
  field_conflicts: nameListSchema.default([]),
  /** Any change of one of these fields goes to review. */
  value_changes: nameListSchema.default([]),
  /** A conflict whose two sides were observed further apart than this goes to review. */
  data_age_difference: durationSchema.optional(),
});

export const customFieldSpecSchema = z.strictObject({
  /** Dotted path into the incoming entity, e.g. `automation.enabled`. */
  source: nameSchema.optional(),
  default: scalarSchema.optional(),
  format: z.literal('iso8601', { error: 'must be iso8601' }).optional(),
});

export const ipFiltersSchema = z.strictObject({
  exclude_private: z.boolean({ error: 'must be true or false' }).default(false),
  exclude_reserved: z.boolean({ error: 'must be true or false' }).default(false),
  /** The field holding the address; `address` when absent. */
  field: nameSchema.optional(),
});

export const discoveryPrecedenceSchema = z
  .strictObject({
    /** Sources that are discovery jobs; a record they wrote counts as touched by discovery. */
    sources: nameListSchema.min(1, { error: 'must name at least one discovery source' }),
    /** Fields discovery owns: never overwritten by other sources on touched records. */
    owned_fields: nameListSchema.default([]),
    /**
     * Fields other sources may always update on touched records. When listed, every
     * other field of a touched record is left to discovery too.
     */
    safe_fields: nameListSchema.default([]),
  })
  .superRefine((precedence, context) => {
    const owned = new Set(precedence.owned_fields);
    for (const [index, field] of precedence.safe_fields.entries()) {
      if (owned.has(field)) {
        context.addIssue({
          code: 'custom',
          path: ['safe_fields', index],
          message: `${field} is also an owned field`,
        });
      }
    }
  });

export const deletePolicySchema = z
  .strictObject({
    mode: deleteModeSchema.default('never'),
    /** `safe` mode: the status set instead of deleting. */
    status: nameSchema.optional(),
    /** `safe` mode: the tag added instead of deleting. */
    tag: nameSchema.optional(),
  })
  .superRefine((deletes, context) => {
    if (deletes.mode !== 'safe') return;
    for (const key of ['status', 'tag'] as const) {
      if (deletes[key] === undefined) {
        context.addIssue({ code: 'custom', path: [key], message: 'is required in safe mode' });
      }
    }
  });

export const changeThresholdSchema = z.strictObject({
  /** Share (0 < share ≤ 1) of a type's existing objects a run may change before it is held. */
  max_share: z
    .number({ error: 'must be a number' })
    .gt(0, { error: 'must be above 0' })
    .max(1, { error: 'must be at most 1' }),
  /** Runs changing fewer objects than this are never held, whatever the share. */
  min_changes: z.number().int().min(1, { error: 'must be at least 1' }).default(1),
});

export const driftActionSchema = z.enum(DRIFT_ACTIONS, {
  error: `must be one of ${DRIFT_ACTIONS.join(', ')}`,
});

export const driftPolicySchema = z.strictObject({
  /**
   * `correct` writes the asserted values back, `review` asks an operator, `accept` takes the
   * instance's values as the new asserted ones.
   */
  action: driftActionSchema.default('review'),
  /** Seconds between periodic checks of each ingested record; none when absent. */
  reconcile_interval: z
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .positive({ error: 'must be a positive number of seconds' })
    .optional(),
});

export const validationRuleListSchema = z.array(validationRuleSchema, {
  error: 'must be a list of validation rules',
});

export const objectTypePolicySchema = z
  .strictObject({
    object_type: objectTypeNameSchema,
    /** Sources, highest priority first. */
    source_priority: nameListSchema.default([]),
    /** Seconds between scheduled syncs; informational for the scheduler. */
    sync_interval: z
      .number()
      .int()
      .positive({ error: 'must be a positive number of seconds' })
      .optional(),
    field_lists: fieldListsSchema.default({ required: [], optional: [], custom: [] }),
    conflict_resolution: conflictResolutionSchema.default({ excluded_fields: [], fields: {} }),
    review_triggers: reviewTriggersSchema.default({ field_conflicts: [], value_changes: [] }),
    /** Incoming field name (or dotted path) to target field name. */
    field_mappings: z.record(nameSchema, nameSchema).default({}),
    /** Per target field, applied in order after mapping. */
    transformations: z.record(nameSchema, transformationListSchema).default({}),
    custom_fields: z.record(nameSchema, customFieldSpecSchema).default({}),
    validation_rules: validationRuleListSchema.default([]),
    filters: ipFiltersSchema.default({ exclude_private: false, exclude_reserved: false }),
    discovery_precedence: discoveryPrecedenceSchema.optional(),
    deletes: deletePolicySchema.default({ mode: 'never' }),
    change_threshold: changeThresholdSchema.optional(),
    /** Absent: drift is sent to review and only webhooks trigger checks. */
    drift: driftPolicySchema.optional(),
  })
  .superRefine((policy, context) => {
    const sources = new Set(policy.source_priority);
    if (sources.size !== policy.source_priority.length) {
      context.addIssue({
        code: 'custom',
        path: ['source_priority'],
        message: 'lists a source twice',
      });
    }
    for (const [field, override] of Object.entries(policy.conflict_resolution.fields)) {
      if (override.owner !== undefined && !sources.has(override.owner)) {
        context.addIssue({
          code: 'custom',
          path: ['conflict_resolution', 'fields', field, 'owner'],
          message: `${override.owner} is not in source_priority`,
        });
      }
    }
  });

export const policySetSchema = z
  .strictObject({
    /** Conflict strategy of types and fields that name none. */
    default_strategy: conflictStrategySchema.default('manual_review'),
    /** Triggers for every object type, added to each type's own. */
    review_triggers: reviewTriggersSchema.default({ field_conflicts: [], value_changes: [] }),
    policies: z.array(objectTypePolicySchema, { error: 'must be a list of policies' }).default([]),
  })
  .superRefine((set, context) => {
    const seen = new Set<string>();
    for (const [index, policy] of set.policies.entries()) {
      if (seen.has(policy.object_type)) {
        context.addIssue({
          code: 'custom',
          path: ['policies', index, 'object_type'],
          message: `${policy.object_type} has more than one policy`,
        });
      }
      seen.add(policy.object_type);
    }
  });

export type ConflictStrategy = z.output<typeof conflictStrategySchema>;
export type MergeMethod = z.output<typeof mergeMethodSchema>;
export type DeleteMode = z.output<typeof deleteModeSchema>;
export type ValidationRule = z.output<typeof validationRuleSchema>;
export type FieldLists = z.output<typeof fieldListsSchema>;
export type FieldOverride = z.output<typeof fieldOverrideSchema>;
export type ConflictResolutionPolicy = z.output<typeof conflictResolutionSchema>;
export type ReviewTriggers = z.output<typeof reviewTriggersSchema>;
export type CustomFieldSpec = z.output<typeof customFieldSpecSchema>;
export type IpFilters = z.output<typeof ipFiltersSchema>;
export type DiscoveryPrecedence = z.output<typeof discoveryPrecedenceSchema>;
export type DeletePolicy = z.output<typeof deletePolicySchema>;
export type ChangeThreshold = z.output<typeof changeThresholdSchema>;
export type DriftAction = z.output<typeof driftActionSchema>;
export type DriftPolicy = z.output<typeof driftPolicySchema>;
/** One object type's policy, complete (defaults filled in). */
export type ObjectTypePolicy = z.output<typeof objectTypePolicySchema>;
/** What a client may send for one type: defaulted parts may be left out. */
export type ObjectTypePolicyInput = z.input<typeof objectTypePolicySchema>;
/** Every policy plus the settings shared by all types, complete (defaults filled in). */
export type PolicySet = z.output<typeof policySetSchema>;
export type PolicySetInput = z.input<typeof policySetSchema>;

/** The drift settings of a type's policy, the defaults filled in when it names none. */
export function driftPolicyOf(policy: ObjectTypePolicy | undefined): DriftPolicy {
  return policy?.drift ?? { action: 'review' };
}
