import { z } from 'zod';
import {
  changeThresholdSchema,
  conflictStrategySchema,
  customFieldSpecSchema,
  deletePolicySchema,
  discoveryPrecedenceSchema,
  driftPolicySchema,
  durationSchema,
  mergeMethodSchema,
  nameSchema,
  transformationListSchema,
  type ValidationRule,
  validationRuleSchema,
} from './policy.schema';

/*
 * The YAML file format: the three sections of the seed document (`sync_policies`,
 * `data_transformations`, `conflict_resolution`), keyed by model name. Everything the seed
 * shows is accepted as written; what the canonical model holds beyond it is written as
 * extra keys in the section where it belongs (see docs on each key). Leaves reuse the
 * canonical schemas, so a bad value is reported at its place in the file.
 */

const nameListSchema = z.array(nameSchema, { error: 'must be a list of names' });

const shorthandTransformationSchema = z
  .enum(['uppercase', 'lowercase', 'trim_whitespace'], {
    error: 'must be uppercase, lowercase or trim_whitespace, or a list of transformations',
  })
  .transform((type) => [{ type }]);

/**
 * A validation rule as the seed writes it: `{field, required: true}`, `{field, pattern}`,
 * `{field, range: [min, max]}`; also `{field, min, max}` for one-sided ranges.
 */
const yamlValidationRuleSchema = z
  .strictObject({
    field: nameSchema,
    name: nameSchema.optional(),
    required: z.literal(true, { error: 'must be true' }).optional(),
    pattern: z.string().optional(),
    flags: z.string().optional(),
    range: z
      .tuple([z.number().nullable(), z.number().nullable()], { error: 'must be [min, max]' })
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .transform((rule, context): unknown => {
    const base = { field: rule.field, ...(rule.name === undefined ? {} : { name: rule.name }) };
    const kinds: unknown[] = [];
    if (rule.required) kinds.push({ ...base, rule: 'required' });
    if (rule.pattern !== undefined) {
      kinds.push({ ...base, rule: 'pattern', pattern: rule.pattern, flags: rule.flags });
    }
    if (rule.range !== undefined || rule.min !== undefined || rule.max !== undefined) {
      const min = rule.range?.[0] ?? rule.min;
      const max = rule.range?.[1] ?? rule.max;
      kinds.push({ ...base, rule: 'range', min: min ?? undefined, max: max ?? undefined });
    }
    if (kinds.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: 'needs exactly one of required: true, pattern, range (or min/max)',
      });
      return z.NEVER;
    }
    return kinds[0];
  })
  .pipe(validationRuleSchema);

/** `data_transformations.<model>.validation.<field>`: rules written per field, with a `type`. */
const yamlFieldValidationSchema = z
  .strictObject({
    type: z.enum(['required', 'range', 'regex', 'pattern'], {
      error: 'type must be one of required, range, regex, pattern',
    }),
    name: nameSchema.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    pattern: z.string().optional(),
    flags: z.string().optional(),
  })
  .transform(({ type, ...rest }) => ({ ...rest, rule: type === 'regex' ? 'pattern' : type }));

/** Seed form: a list of one-key maps (`- exclude_reserved: true`); a plain map is accepted too. */
const yamlFilterItemSchema = z.strictObject({
  exclude_private: z.boolean({ error: 'must be true or false' }).optional(),
  exclude_reserved: z.boolean({ error: 'must be true or false' }).optional(),
  /** Extension: the field holding the address (`address` by default). */
  field: nameSchema.optional(),
});

const yamlFiltersSchema = z.union([z.array(yamlFilterItemSchema), yamlFilterItemSchema], {
  error: 'must be a list such as [{exclude_private: true}, {exclude_reserved: true}]',
});

export const yamlSyncPolicySchema = z.strictObject({
  /** One source, or sources highest first; `priority_order` in conflict_resolution wins. */
  source_priority: z.union([nameSchema, nameListSchema]).optional(),
  conflict_resolution: conflictStrategySchema.optional(),
  sync_interval: z
    .number()
    .int()
    .positive({ error: 'must be a positive number of seconds' })
    .optional(),
  fields: z
    .strictObject({
      required: nameListSchema.optional(),
      optional: nameListSchema.optional(),
      custom: nameListSchema.optional(),
    })
    .optional(),
  transformations: z
    .record(nameSchema, z.union([shorthandTransformationSchema, transformationListSchema]))
    .optional(),
  validation_rules: z.array(yamlValidationRuleSchema).optional(),
  filters: yamlFiltersSchema.optional(),
  /** Extensions: not in the seed, written here because they govern the sync itself. */
  discovery_precedence: discoveryPrecedenceSchema.optional(),
  deletes: deletePolicySchema.optional(),
  change_threshold: changeThresholdSchema.optional(),
  drift: driftPolicySchema.optional(),
});

export const yamlDataTransformationSchema = z
  .strictObject({
    field_mappings: z.record(nameSchema, nameSchema).optional(),
    value_transformations: z.record(nameSchema, transformationListSchema).optional(),
    custom_fields: z.record(nameSchema, customFieldSpecSchema).optional(),
    validation: z
      .record(nameSchema, z.array(yamlFieldValidationSchema, { error: 'must be a list of rules' }))
      .optional(),
  })
  .transform(({ validation, ...entry }, context) => {
    // The field comes from the map key, so the canonical check runs here, where both are known.
    const validationRules: ValidationRule[] = [];
    for (const [field, rules] of Object.entries(validation ?? {})) {
      for (const [index, rule] of rules.entries()) {
        const result = validationRuleSchema.safeParse({ ...rule, field });
        if (result.success) {
          validationRules.push(result.data);
          continue;
        }
        for (const issue of result.error.issues) {
          context.addIssue({
            code: 'custom',
            path: ['validation', field, index, ...issue.path],
            message: issue.message,
          });
        }
      }
    }
    return { ...entry, validation_rules: validationRules };
  });

const yamlValueChangeSchema = z.union(
  [
    nameSchema,
    z.strictObject({
      field: nameSchema,
      threshold: z.literal('any', { error: 'only "any" is supported' }).optional(),
    }),
  ],
  { error: 'must be a field name or {field, threshold: any}' },
);

const yamlTriggerSchema = z.strictObject({
  field_conflicts: nameListSchema.optional(),
  value_changes: z.array(yamlValueChangeSchema).optional(),
  data_age_difference: durationSchema.optional(),
});

export const yamlTriggerListSchema = z.array(yamlTriggerSchema, {
  error: 'must be a list of triggers',
});

export const yamlModelConflictSchema = z.strictObject({
  policy: conflictStrategySchema.optional(),
  priority_order: nameListSchema.optional(),
  field_specific: z
    .record(
      nameSchema,
      z
        .strictObject({
          policy: conflictStrategySchema.optional(),
          /** Extension: the only source whose values this field takes. */
          owner: nameSchema.optional(),
        })
        .refine((entry) => entry.policy !== undefined || entry.owner !== undefined, {
          error: 'needs policy or owner',
        }),
    )
    .optional(),
  exclude_fields: nameListSchema.optional(),
  merge_strategy: z.record(nameSchema, mergeMethodSchema).optional(),
  /** Extensions. */
  concatenate_separator: z.string().optional(),
  manual_review_triggers: yamlTriggerListSchema.optional(),
});

export const yamlDocumentSchema = z.strictObject({
  sync_policies: z.record(z.string(), yamlSyncPolicySchema.nullable()).optional(),
  data_transformations: z.record(z.string(), yamlDataTransformationSchema.nullable()).optional(),
  conflict_resolution: z
    .strictObject({
      global_policy: conflictStrategySchema.optional(),
      per_model_policies: z.record(z.string(), yamlModelConflictSchema.nullable()).optional(),
      manual_review_triggers: yamlTriggerListSchema.optional(),
    })
    .optional(),
});

export type YamlDocument = z.output<typeof yamlDocumentSchema>;
export type YamlSyncPolicy = z.output<typeof yamlSyncPolicySchema>;
export type YamlDataTransformation = z.output<typeof yamlDataTransformationSchema>;
export type YamlModelConflict = z.output<typeof yamlModelConflictSchema>;
export type YamlTriggerList = z.output<typeof yamlTriggerListSchema>;
