import fc from 'fast-check';
import { parsePolicySet } from './policy.parser';
import { CONFLICT_STRATEGIES } from './policy.schema';
import { exportPoliciesToYaml, importPoliciesFromYaml } from './policy-yaml';

const SOURCES = ['netbox', 'cmdb', 'discovery', 'scan'];

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const names = fc.uniqueArray(name, { maxLength: 3 });
// Text YAML must quote to keep as text: numbers, booleans, null, comment and map markers.
const tricky = fc.constantFrom(
  'true',
  'null',
  '123',
  '',
  ' padded ',
  '# not a comment',
  'a: b',
  '- x',
  'ü∂',
  '0x1F',
);
const text = fc.oneof(fc.string({ maxLength: 6 }), tricky);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
const strategy = fc.constantFrom(...CONFLICT_STRATEGIES);
const duration = fc.constantFrom('90s', '30m', '24h', '7d', '1d12h');

const transformation = fc.oneof(
  fc.constantFrom(
    { type: 'uppercase' },
    { type: 'lowercase' },
    { type: 'trim_whitespace' },
    { type: 'format', format: 'iso8601' },
  ),
  fc.record(
    {
      type: fc.constant('replace'),
      pattern: fc.constantFrom('_', '^(\\w+)-old$', '\\s+'),
      replacement: text,
      flags: fc.constantFrom('g', 'gi'),
    },
    { requiredKeys: ['type', 'pattern', 'replacement'] },
  ),
  fc.record(
    {
      type: fc.constant('lookup'),
      mapping: fc.dictionary(fc.oneof(name, tricky), scalar, { maxKeys: 3 }),
      default: scalar,
    },
    { requiredKeys: ['type', 'mapping'] },
  ),
  fc.record({ type: fc.constant('default'), value: scalar }),
);

const validationRule = fc.oneof(
  fc.record(
    { name: name, field: name, rule: fc.constant('required') },
    { requiredKeys: ['field', 'rule'] },
  ),
  fc.record(
    {
      name: name,
      field: name,
      rule: fc.constant('pattern'),
      pattern: fc.constantFrom('^[A-Z0-9-]+$', 'x', '\\d{2}'),
      flags: fc.constantFrom('i', 'is'),
    },
    { requiredKeys: ['field', 'rule', 'pattern'] },
  ),
  fc
    .record(
      {
        field: name,
        rule: fc.constant('range'),
        min: fc.integer({ max: 0 }),
        max: fc.integer({ min: 1 }),
      },
      { requiredKeys: ['field', 'rule'] },
    )
    .filter((rule) => 'min' in rule || 'max' in rule),
);

const objectTypePolicy = fc
  .record(
    {
      object_type: fc.oneof(
        fc.constantFrom('dcim.device', 'ipam.vlan', 'ipam.ipaddress'),
        fc.stringMatching(/^[a-z]{1,5}\.[a-z]{1,6}$/),
      ),
      source_priority: fc.shuffledSubarray(SOURCES),
      sync_interval: fc.integer({ min: 1, max: 86_400 }),
      field_lists: fc.record(
        { required: names, optional: names, custom: names },
        { requiredKeys: [] },
      ),
      conflict_resolution: fc.record(
        {
          strategy,
          excluded_fields: names,
          fields: fc.dictionary(
            name,
            fc
              .record(
                { strategy, merge: fc.constantFrom('concatenate', 'union') },
                { requiredKeys: [] },
              )
              .filter((override) => Object.keys(override).length > 0),
            { maxKeys: 3 },
          ),
          concatenate_separator: fc.constantFrom('\n', '; ', ''),
        },
        { requiredKeys: [] },
      ),
      review_triggers: fc.record(
        { field_conflicts: names, value_changes: names, data_age_difference: duration },
        { requiredKeys: [] },
      ),
      field_mappings: fc.dictionary(fc.oneof(name, fc.constant('a.b')), name, { maxKeys: 3 }),
      transformations: fc.dictionary(name, fc.array(transformation, { maxLength: 3 }), {
        maxKeys: 3,
      }),
      custom_fields: fc.dictionary(
        name,
        fc.record(
          {
            source: fc.constantFrom('automation.enabled', 'x'),
            default: scalar,
            format: fc.constant('iso8601'),
          },
          { requiredKeys: [] },
        ),
        { maxKeys: 2 },
      ),
      validation_rules: fc.array(validationRule, { maxLength: 4 }),
      filters: fc.record(
        { exclude_private: fc.boolean(), exclude_reserved: fc.boolean(), field: name },
        { requiredKeys: [] },
      ),
      discovery_precedence: fc.record({
        sources: fc.constant(['discovery']),
        owned_fields: fc.constant(['platform', 'rack']),
        safe_fields: names.map((list) =>
          list.filter((field) => field !== 'platform' && field !== 'rack'),
        ),
      }),
      deletes: fc.oneof(
        fc.record({ mode: fc.constantFrom('never', 'delete') }),
        fc.record({ mode: fc.constant('safe'), status: name, tag: name }),
      ),
      change_threshold: fc.record(
        {
          max_share: fc.double({ min: 0.001, max: 1, noNaN: true }),
          min_changes: fc.integer({ min: 1, max: 100 }),
        },
        { requiredKeys: ['max_share'] },
      ),
    },
    { requiredKeys: ['object_type'] },
  )
  // Owners must be listed sources: give some overrides one.
  .chain((policy) => {
    const sources = policy.source_priority ?? [];
    if (sources.length === 0) return fc.constant(policy);
    return fc.constantFrom(...sources).map((owner) => {
      const fields = policy.conflict_resolution?.fields ?? {};
      const [first] = Object.keys(fields);
      if (first === undefined) return policy;
      return {
        ...policy,
        conflict_resolution: {
          ...policy.conflict_resolution,
          fields: { ...fields, [first]: { ...fields[first], owner } },
        },
      };
    });
  });

const policySet = fc.record(
  {
    default_strategy: strategy,
    review_triggers: fc.record(
      { field_conflicts: names, value_changes: names, data_age_difference: duration },
      { requiredKeys: [] },
    ),
    policies: fc.uniqueArray(objectTypePolicy, {
      maxLength: 3,
      selector: (policy) => policy.object_type,
    }),
  },
  { requiredKeys: [] },
);

describe(exportPoliciesToYaml.name, () => {
  it('re-imports every valid policy set as the same policies, and exports it the same again', () => {
    fc.assert(
      fc.property(policySet, (input) => {
        const policies = parsePolicySet(input);
        const yaml = exportPoliciesToYaml(policies);
        const reimported = importPoliciesFromYaml(yaml);

        expect(reimported.policies).toEqual(policies);
        expect(reimported.warnings).toEqual([]);
        expect(exportPoliciesToYaml(reimported.policies)).toBe(yaml);
      }),
      { numRuns: 300 },
    );
  });
});
