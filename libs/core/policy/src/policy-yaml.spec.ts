import { findPolicy, parsePolicySet } from './policy.parser';
import { type PolicyIssue, PolicyValidationError } from './policy-validation.error';
import { exportPoliciesToYaml, importPoliciesFromYaml } from './policy-yaml';

// The three sections in the shape of the seed's example, re-typed as test data.
const SEED_SHAPED_YAML = `
sync_policies:
  devices:
    source_priority: netbox
    conflict_resolution: "merge"
    sync_interval: 300
    fields:
      required: ["name", "device_type", "site"]
      optional: ["serial", "asset_tag", "platform"]
      custom: ["intent_managed", "automation_enabled"]
    transformations:
      name: "uppercase"
      serial: "trim_whitespace"
    validation_rules:
      - field: "name"
        pattern: "^[A-Z0-9-]+$"
      - field: "site"
        required: true
  ip_addresses:
    source_priority: external
    conflict_resolution: "latest_wins"
    sync_interval: 60
    fields:
      required: ["address", "status"]
      optional: ["description", "dns_name"]
    filters:
      - exclude_private: false
      - exclude_reserved: true
  vlans:
    source_priority: netbox
    conflict_resolution: "manual_review"
    sync_interval: 600
    fields:
      required: ["vid", "name", "site"]
      optional: ["description", "role"]
    validation_rules:
      - field: "vid"
        range: [1, 4094]
data_transformations:
  devices:
    field_mappings:
      "hostname": "name"
      "device_model": "device_type"
      "location": "site"
      "mgmt_ip": "primary_ip4"
    value_transformations:
      name:
        - type: "uppercase"
        - type: "replace"
          pattern: "_"
          replacement: "-"
      site:
        - type: "lookup"
          mapping:
            "datacenter1": "DC1"
            "datacenter2": "DC2"
    custom_fields:
      intent_managed:
        source: "automation.enabled"
        default: false
      last_seen:
        source: "discovery.timestamp"
        format: "iso8601"
  vlans:
    field_mappings:
      "vlan_id": "vid"
      "vlan_name": "name"
      "description": "description"
    validation:
      vid:
        - type: "range"
          min: 1
          max: 4094
      name:
        - type: "regex"
          pattern: "^[A-Za-z0-9_-]+$"
conflict_resolution:
  global_policy: "merge"
  per_model_policies:
    devices:
      policy: "source_priority"
      priority_order: ["netbox", "external_cmdb", "discovery"]
      field_specific:
        serial:
          policy: "immutable"
        name:
          policy: "manual_review"
        description:
          policy: "latest_wins"
    ip_addresses:
      policy: "latest_wins"
      exclude_fields: ["created", "id"]
    vlans:
      policy: "merge"
      merge_strategy:
        description: "concatenate"
        tags: "union"
  manual_review_triggers:
    - field_conflicts: ["name", "serial", "asset_tag"]
    - value_changes:
        - field: "device_type"
          threshold: "any"
    - data_age_difference: "7d"
`;

function issuesOf(run: () => unknown): PolicyIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a PolicyValidationError');
}

describe(importPoliciesFromYaml.name, () => {
  const sut = importPoliciesFromYaml;

  describe('a file in the seed format', () => {
    const { policies, warnings } = sut(SEED_SHAPED_YAML);
    const device = findPolicy(policies, 'dcim.device');
    const ip = findPolicy(policies, 'ipam.ipaddress');
    const vlan = findPolicy(policies, 'ipam.vlan');

    it('gives one policy per model, keyed by object type', () => {
      expect(policies.policies.map((policy) => policy.object_type)).toEqual([
        'dcim.device',
        'ipam.ipaddress',
        'ipam.vlan',
      ]);
      expect(policies.default_strategy).toBe('merge');
    });

    it('takes source order and strategies from the conflict_resolution section', () => {
      expect(device?.source_priority).toEqual(['netbox', 'external_cmdb', 'discovery']);
      expect(device?.conflict_resolution.strategy).toBe('source_priority');
      expect(device?.conflict_resolution.fields).toEqual({
        serial: { strategy: 'immutable' },
        name: { strategy: 'manual_review' },
        description: { strategy: 'latest_wins' },
      });
      expect(vlan?.conflict_resolution.fields).toEqual({
        description: { merge: 'concatenate' },
        tags: { merge: 'union' },
      });
      expect(ip?.conflict_resolution.excluded_fields).toEqual(['created', 'id']);
    });

    it('warns where sync_policies names another strategy than conflict_resolution', () => {
      expect(warnings.map((warning) => warning.path)).toEqual([
        'sync_policies.devices.conflict_resolution',
        'sync_policies.vlans.conflict_resolution',
      ]);
    });

    it('uses the detailed transformations of a field over its shorthand', () => {
      expect(device?.transformations).toEqual({
        name: [{ type: 'uppercase' }, { type: 'replace', pattern: '_', replacement: '-' }],
        serial: [{ type: 'trim_whitespace' }],
        site: [{ type: 'lookup', mapping: { datacenter1: 'DC1', datacenter2: 'DC2' } }],
      });
      expect(device?.field_mappings).toMatchObject({ hostname: 'name', mgmt_ip: 'primary_ip4' });
      expect(device?.custom_fields.last_seen).toEqual({
        source: 'discovery.timestamp',
        format: 'iso8601',
      });
    });

    it('reads validation rules of both sections, a repeated rule once', () => {
      expect(device?.validation_rules).toEqual([
        { field: 'name', rule: 'pattern', pattern: '^[A-Z0-9-]+$' },
        { field: 'site', rule: 'required' },
      ]);
      expect(vlan?.validation_rules).toEqual([
        { field: 'vid', rule: 'range', min: 1, max: 4094 },
        { field: 'name', rule: 'pattern', pattern: '^[A-Za-z0-9_-]+$' },
      ]);
    });

    it('reads the IP filters and the global review triggers', () => {
      expect(ip?.filters).toEqual({ exclude_private: false, exclude_reserved: true });
      expect(policies.review_triggers).toEqual({
        field_conflicts: ['name', 'serial', 'asset_tag'],
        value_changes: ['device_type'],
        data_age_difference: '7d',
      });
    });

    it('exports and re-imports without change, and stays stable on a second round', () => {
      const exported = exportPoliciesToYaml(policies);
      const reimported = sut(exported);

      expect(reimported.policies).toEqual(policies);
      expect(reimported.warnings).toEqual([]);
      expect(exportPoliciesToYaml(reimported.policies)).toBe(exported);
    });
  });

  it('merges sections spread over several files, as the seed keeps them', () => {
    const { policies } = sut([
      'sync_policies:\n  vlans:\n    sync_interval: 600\n',
      'conflict_resolution:\n  per_model_policies:\n    vlans:\n      policy: merge\n',
    ]);

    expect(policies.policies).toHaveLength(1);
    expect(policies.policies[0]).toMatchObject({
      object_type: 'ipam.vlan',
      sync_interval: 600,
      conflict_resolution: { strategy: 'merge' },
    });
  });

  it('reads the extensions: discovery precedence, deletes, threshold, owners, type triggers', () => {
    const { policies } = sut(`
sync_policies:
  dcim.device:
    source_priority: [netbox, discovery]
    discovery_precedence: { sources: [discovery], owned_fields: [platform], safe_fields: [description] }
    deletes: { mode: safe, status: decommissioning, tag: plumbline-removed }
    change_threshold: { max_share: 0.2 }
conflict_resolution:
  per_model_policies:
    dcim.device:
      field_specific: { serial: { owner: netbox } }
      manual_review_triggers: [{ value_changes: [status] }]
`);
    const device = findPolicy(policies, 'dcim.device');

    expect(device).toMatchObject({
      source_priority: ['netbox', 'discovery'],
      discovery_precedence: { sources: ['discovery'], owned_fields: ['platform'] },
      deletes: { mode: 'safe', status: 'decommissioning', tag: 'plumbline-removed' },
      change_threshold: { max_share: 0.2, min_changes: 1 },
      conflict_resolution: { fields: { serial: { owner: 'netbox' } } },
      review_triggers: { value_changes: ['status'] },
    });
    expect(sut(exportPoliciesToYaml(policies)).policies).toEqual(policies);
  });

  it.each<[string, string, string[]]>([
    [
      'an unknown strategy',
      'conflict_resolution:\n  per_model_policies:\n    devices:\n      policy: newest\n',
      ['conflict_resolution.per_model_policies.devices.policy'],
    ],
    ['an unknown model name', 'sync_policies:\n  gadgets: {}\n', ['sync_policies.gadgets']],
    [
      'a bad regular expression in a validation rule',
      'sync_policies:\n  devices:\n    validation_rules:\n      - field: name\n        pattern: "("\n',
      ['sync_policies.devices.validation_rules.0.pattern'],
    ],
    [
      'a rule of two kinds at once',
      'sync_policies:\n  devices:\n    validation_rules:\n      - { field: name, required: true, pattern: x }\n',
      ['sync_policies.devices.validation_rules.0'],
    ],
    [
      'a bad range in the per-field validation',
      'data_transformations:\n  vlans:\n    validation:\n      vid: [{ type: range, min: 9, max: 1 }]\n',
      ['data_transformations.vlans.validation.vid.0.max'],
    ],
    [
      'a bad duration and an unknown key',
      'conflict_resolution:\n  manual_review_triggers:\n    - data_age_difference: soon\n  extra: 1\n',
      [
        'conflict_resolution.manual_review_triggers.0.data_age_difference',
        'conflict_resolution.extra',
      ],
    ],
    [
      'two names for one object type',
      'sync_policies:\n  devices: {}\n  dcim.device: {}\n',
      ['sync_policies.dcim.device'],
    ],
    [
      'a field owner that is not a listed source',
      'conflict_resolution:\n  per_model_policies:\n    devices:\n      field_specific: { serial: { owner: cmdb } }\n',
      ['dcim.device: conflict_resolution.fields.serial.owner'],
    ],
    ['a section given twice', 'sync_policies: {}\n---\nsync_policies: {}\n', ['sync_policies']],
    ['an unknown section', 'rate_limiting: {}\n', ['rate_limiting']],
  ])('names the place of %s', (_case, yaml, paths) => {
    expect(issuesOf(() => sut(yaml)).map((issue) => issue.path)).toEqual(paths);
  });

  it('reports YAML syntax errors with their line', () => {
    const [issue] = issuesOf(() => sut('sync_policies:\n  devices: [\n'));

    expect(issue?.reason).toMatch(/line \d+/);
  });

  it('imports an empty file as no policies', () => {
    expect(sut('').policies).toEqual(parsePolicySet({}));
  });
});
