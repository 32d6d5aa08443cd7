import {
  findPolicy,
  parseObjectTypePolicy,
  parsePolicySet,
  validatePolicySet,
} from './policy.parser';
import { PolicyValidationError } from './policy-validation.error';

describe(validatePolicySet.name, () => {
  const sut = validatePolicySet;

  function pathsOf(input: unknown): string[] {
    const result = sut(input);
    if (result.ok) throw new Error('expected the input to be refused');
    return result.error.issues.map((issue) => issue.path);
  }

  const device = (extra: Record<string, unknown>) => ({
    policies: [{ object_type: 'dcim.device', ...extra }],
  });

  it('fills in the defaults of a minimal policy', () => {
    const result = sut(device({}));

    expect(result.ok && result.value).toEqual({
      default_strategy: 'manual_review',
      review_triggers: { field_conflicts: [], value_changes: [] },
      policies: [
        {
          object_type: 'dcim.device',
          source_priority: [],
          field_lists: { required: [], optional: [], custom: [] },
          conflict_resolution: { excluded_fields: [], fields: {} },
          review_triggers: { field_conflicts: [], value_changes: [] },
          field_mappings: {},
          transformations: {},
          custom_fields: {},
          validation_rules: [],
          filters: { exclude_private: false, exclude_reserved: false },
          deletes: { mode: 'never' },
        },
      ],
    });
  });

  it.each<[string, unknown, string[]]>([
    [
      'unknown strategy',
      device({ conflict_resolution: { strategy: 'newest' } }),
      ['policies.0.conflict_resolution.strategy'],
    ],
    [
      'unknown merge method',
      device({ conflict_resolution: { fields: { tags: { merge: 'append' } } } }),
      ['policies.0.conflict_resolution.fields.tags.merge'],
    ],
    [
      'empty field override',
      device({ conflict_resolution: { fields: { tags: {} } } }),
      ['policies.0.conflict_resolution.fields.tags'],
    ],
    ['bad object type', { policies: [{ object_type: 'Device' }] }, ['policies.0.object_type']],
    [
      'unknown transformation',
      device({ transformations: { name: [{ type: 'shout' }] } }),
      ['policies.0.transformations.name.0.type'],
    ],
    [
      'transformation with a bad pattern',
      device({ transformations: { name: [{ type: 'replace', pattern: '(', replacement: '' }] } }),
      ['policies.0.transformations.name.0'],
    ],
    [
      'range without bounds, pattern with a stateful flag',
      device({
        validation_rules: [
          { field: 'vid', rule: 'range' },
          { field: 'name', rule: 'pattern', pattern: 'x', flags: 'g' },
        ],
      }),
      ['policies.0.validation_rules.0.min', 'policies.0.validation_rules.1.flags'],
    ],
    [
      'filters that are not booleans',
      device({ filters: { exclude_private: 'yes' } }),
      ['policies.0.filters.exclude_private'],
    ],
    [
      'safe deletes without status and tag',
      device({ deletes: { mode: 'safe' } }),
      ['policies.0.deletes.status', 'policies.0.deletes.tag'],
    ],
    [
      'threshold share above 1',
      device({ change_threshold: { max_share: 1.5 } }),
      ['policies.0.change_threshold.max_share'],
    ],
    [
      'discovery field both owned and safe',
      device({
        discovery_precedence: { sources: ['scan'], owned_fields: ['rack'], safe_fields: ['rack'] },
      }),
      ['policies.0.discovery_precedence.safe_fields.0'],
    ],
    [
      'bad duration',
      device({ review_triggers: { data_age_difference: 'a while' } }),
      ['policies.0.review_triggers.data_age_difference'],
    ],
    ['unknown setting', device({ colour: 'red' }), ['policies.0.colour']],
    [
      'owner outside the source list and a repeated source',
      device({
        source_priority: ['netbox', 'netbox'],
        conflict_resolution: { fields: { serial: { owner: 'cmdb' } } },
      }),
      ['policies.0.source_priority', 'policies.0.conflict_resolution.fields.serial.owner'],
    ],
    [
      'two policies for one type',
      { policies: [{ object_type: 'dcim.device' }, { object_type: 'dcim.device' }] },
      ['policies.1.object_type'],
    ],
    ['not an object at all', 'policies', ['']],
  ])('names the path of each bad field: %s', (_case, input, paths) => {
    expect(pathsOf(input)).toEqual(paths);
  });

  it('lists every bad field at once, each with a reason', () => {
    const result = sut(
      device({ conflict_resolution: { strategy: 'x' }, deletes: { mode: 'sometimes' } }),
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual([
      {
        path: 'policies.0.conflict_resolution.strategy',
        reason: 'must be one of source_priority, latest_wins, merge, manual_review, immutable',
      },
      { path: 'policies.0.deletes.mode', reason: 'must be one of never, safe, delete' },
    ]);
  });
});

describe(parsePolicySet.name, () => {
  it('throws a PolicyValidationError with the issues', () => {
    expect(() => parsePolicySet({ default_strategy: 'coin_toss' })).toThrow(PolicyValidationError);
  });
});

describe(parseObjectTypePolicy.name, () => {
  it('checks one type on its own, with paths relative to it', () => {
    try {
      parseObjectTypePolicy({ object_type: 'ipam.vlan', deletes: { mode: 'erase' } });
      throw new Error('expected a PolicyValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyValidationError);
      expect((error as PolicyValidationError).issues.map((issue) => issue.path)).toEqual([
        'deletes.mode',
      ]);
    }
  });
});

describe(findPolicy.name, () => {
  it('finds a type by name and nothing for others', () => {
    const set = parsePolicySet({ policies: [{ object_type: 'ipam.vlan' }] });

    expect(findPolicy(set, 'ipam.vlan')?.object_type).toBe('ipam.vlan');
    expect(findPolicy(set, 'dcim.device')).toBeUndefined();
  });
});
