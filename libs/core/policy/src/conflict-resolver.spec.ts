import { type FieldChange, type Operation } from '@plumbline/diff-engine';
import fc from 'fast-check';
import { type OperationContext, type OperationDecision, RULES } from './conflict-resolution.types';
import { resolveConflicts, type ResolveInput } from './conflict-resolver';
import { parsePolicySet } from './policy.parser';
import { type ObjectTypePolicyInput, type PolicySetInput } from './policy.schema';
import { rejectionFingerprint } from './rejection-fingerprint';

const DEVICE = 'dcim.device';

function update(changes: FieldChange[], extra: Partial<Operation> = {}): Operation {
  return { id: 0, action: 'update', type: DEVICE, key: 'leaf-01', level: 0, changes, ...extra };
}

/** Both sides changed the field since the baseline, differently. */
function conflict(
  field: string,
  current: FieldChange['current'],
  proposed: FieldChange['proposed'],
  base: FieldChange['base'] = 'base',
): FieldChange {
  return { field, base, current, proposed, side: 'source', isConflict: true };
}

/** Only the source changed the field. */
function sourceChange(
  field: string,
  proposed: FieldChange['proposed'],
  current: FieldChange['current'] = 'old',
): FieldChange {
  return { field, base: current, current, proposed, side: 'source' };
}

function policySet(
  policy: Partial<ObjectTypePolicyInput>,
  set: Omit<PolicySetInput, 'policies'> = {},
) {
  return parsePolicySet({ ...set, policies: [{ object_type: DEVICE, ...policy }] });
}

const NETBOX: OperationContext = { source: 'netbox', targetSource: 'cmdb' };

function decide(
  policy: Partial<ObjectTypePolicyInput>,
  operation: Operation,
  context: OperationContext = NETBOX,
  extra: Partial<ResolveInput> = {},
): OperationDecision {
  const result = resolveConflicts({
    policies: policySet(policy),
    plan: [operation],
    context,
    ...extra,
  });
  const [decision] = result.operations;
  if (!decision) throw new Error('expected one decision');
  return decision;
}

function decideField(
  policy: Partial<ObjectTypePolicyInput>,
  change: FieldChange,
  context: OperationContext = NETBOX,
): { decision: string; rule: string; value?: unknown } {
  const [field] = decide(policy, update([change]), context).fields;
  if (!field) throw new Error('expected one field decision');
  return {
    decision: field.decision,
    rule: field.rule,
    ...('value' in field ? { value: field.value } : {}),
  };
}

describe(resolveConflicts.name, () => {
  const sut = resolveConflicts;

  describe('conflict strategies', () => {
    const ranked = { source_priority: ['netbox', 'cmdb'] };
    const sourcePriority = {
      ...ranked,
      conflict_resolution: { strategy: 'source_priority' as const },
    };
    const latestWins = { conflict_resolution: { strategy: 'latest_wins' as const } };
    const newer = {
      source: 'netbox',
      sourceObservedAt: '2025-01-02T00:00:00Z',
      targetObservedAt: '2025-01-01T00:00:00Z',
    };
    const older = { ...newer, sourceObservedAt: '2024-12-31T00:00:00Z' };

    it.each<[string, Partial<ObjectTypePolicyInput>, OperationContext, string, string]>([
      [
        'source ranks higher',
        sourcePriority,
        { source: 'netbox', targetSource: 'cmdb' },
        'apply',
        RULES.sourcePriority,
      ],
      [
        'target ranks higher',
        sourcePriority,
        { source: 'cmdb', targetSource: 'netbox' },
        'drop',
        RULES.sourcePriority,
      ],
      [
        'same source on both sides',
        sourcePriority,
        { source: 'cmdb', targetSource: 'cmdb' },
        'drop',
        RULES.sourcePriority,
      ],
      [
        'unlisted source below a listed one',
        sourcePriority,
        { source: 'scan', targetSource: 'cmdb' },
        'drop',
        RULES.sourcePriority,
      ],
      [
        'listed source above an unlisted one',
        sourcePriority,
        { source: 'cmdb', targetSource: 'human' },
        'apply',
        RULES.sourcePriority,
      ],
      [
        'neither side listed',
        sourcePriority,
        { source: 'scan', targetSource: 'human' },
        'review',
        RULES.sourcePriority,
      ],
      [
        'target writer unknown',
        sourcePriority,
        { source: 'netbox' },
        'review',
        RULES.sourcePriority,
      ],
      ['source observed later', latestWins, newer, 'apply', RULES.latestWins],
      ['target observed later', latestWins, older, 'drop', RULES.latestWins],
      [
        'same instant (other zone)',
        latestWins,
        { ...newer, sourceObservedAt: '2025-01-01T01:00:00+01:00' },
        'drop',
        RULES.latestWins,
      ],
      [
        'no target timestamp',
        latestWins,
        { source: 'netbox', sourceObservedAt: newer.sourceObservedAt },
        'review',
        RULES.latestWins,
      ],
      [
        'manual review',
        { conflict_resolution: { strategy: 'manual_review' } },
        NETBOX,
        'review',
        RULES.manualReview,
      ],
      [
        'merge without a method for the field',
        { conflict_resolution: { strategy: 'merge' } },
        NETBOX,
        'review',
        RULES.merge,
      ],
      [
        'no policy strategy: the set default (manual review)',
        {},
        NETBOX,
        'review',
        RULES.manualReview,
      ],
    ])('%s', (_case, policy, context, decision, rule) => {
      expect(
        decideField(policy, conflict('description', 'target text', 'source text'), context),
      ).toMatchObject({ decision, rule });
    });

    it('uses the set default strategy when the type names none', () => {
      const policies = parsePolicySet({
        default_strategy: 'latest_wins',
        policies: [{ object_type: DEVICE }],
      });
      const result = sut({
        policies,
        plan: [update([conflict('description', 'a', 'b')])],
        context: newer,
      });

      expect(result.operations[0]?.fields[0]?.rule).toBe(RULES.latestWins);
    });

    it.each<[string, string, FieldChange, unknown]>([
      [
        'concatenate, target first',
        'concatenate',
        conflict('description', 'rack A', 'row 3', 'old'),
        'rack A\nrow 3',
      ],
      [
        'concatenate when one side holds the other',
        'concatenate',
        conflict('description', 'rack A', 'rack A, row 3', 'old'),
        'rack A, row 3',
      ],
      [
        'concatenate onto an empty target',
        'concatenate',
        conflict('description', null, 'row 3', 'old'),
        'row 3',
      ],
      [
        'union keeps additions of both sides',
        'union',
        conflict('tags', ['a', 'b'], ['a', 'c'], ['a']),
        ['a', 'b', 'c'],
      ],
      [
        'union honours a removal by one side',
        'union',
        conflict('tags', ['b'], ['a', 'c'], ['a']),
        ['b', 'c'],
      ],
      ['union without a base', 'union', conflict('tags', ['z'], ['y', 'z'], null), ['y', 'z']],
    ])('merge: %s', (_case, merge, change, value) => {
      const policy = {
        conflict_resolution: {
          strategy: 'merge' as const,
          fields: { [change.field]: { merge: merge as 'union' } },
        },
      };

      expect(decideField(policy, change)).toEqual({ decision: 'apply', rule: RULES.merge, value });
    });

    it('merge that cannot combine the values asks a person', () => {
      const policy = {
        conflict_resolution: { fields: { vid: { merge: 'concatenate' as const } } },
      };

      expect(decideField(policy, conflict('vid', 10, 20, 5))).toMatchObject({
        decision: 'review',
        rule: RULES.merge,
      });
    });

    it.each<[string, FieldChange['current'], string]>([
      ['set', 'SN-1', 'review'],
      ['empty', null, 'apply'],
    ])('immutable field, target value %s', (_case, current, decision) => {
      const policy = {
        conflict_resolution: { fields: { serial: { strategy: 'immutable' as const } } },
      };

      expect(decideField(policy, sourceChange('serial', 'SN-2', current))).toMatchObject({
        decision,
        rule: RULES.immutable,
      });
    });

    it('a field strategy overrides the type strategy', () => {
      const policy = {
        ...sourcePriority,
        conflict_resolution: {
          strategy: 'source_priority' as const,
          fields: { description: { strategy: 'manual_review' as const } },
        },
      };

      expect(decideField(policy, conflict('description', 'a', 'b'))).toMatchObject({
        decision: 'review',
        rule: RULES.manualReview,
      });
      expect(decideField(policy, conflict('name', 'a', 'b'))).toMatchObject({
        decision: 'apply',
        rule: RULES.sourcePriority,
      });
    });
  });

  describe('changes only one side made', () => {
    it('writes a change only the source made', () => {
      expect(decideField({}, sourceChange('description', 'new'))).toEqual({
        decision: 'apply',
        rule: RULES.sourceChange,
        value: 'new',
      });
    });

    it('keeps a change only the target made', () => {
      const change: FieldChange = {
        field: 'description',
        base: 'old',
        current: 'edited',
        proposed: 'old',
        side: 'target',
      };

      expect(decideField({}, change)).toMatchObject({
        decision: 'drop',
        rule: RULES.targetOnlyChange,
      });
    });

    it('writes changes of a two-way plan (no base) as source changes', () => {
      const change: FieldChange = {
        field: 'description',
        current: 'a',
        proposed: 'b',
        side: 'source',
      };

      expect(decideField({}, change)).toMatchObject({
        decision: 'apply',
        rule: RULES.sourceChange,
      });
    });
  });

  describe('rules that forbid or demand', () => {
    it.each<[string, Partial<ObjectTypePolicyInput>, FieldChange, string, string]>([
      [
        'excluded field',
        { conflict_resolution: { excluded_fields: ['id'] } },
        sourceChange('id', 7),
        'drop',
        RULES.excludedField,
      ],
      [
        'field owned by another source',
        {
          source_priority: ['cmdb', 'netbox'],
          conflict_resolution: { fields: { serial: { owner: 'cmdb' } } },
        },
        sourceChange('serial', 'X'),
        'drop',
        RULES.fieldOwner,
      ],
      [
        'owner wins a conflict on its field',
        {
          source_priority: ['cmdb', 'netbox'],
          conflict_resolution: {
            strategy: 'manual_review',
            fields: { serial: { owner: 'netbox' } },
          },
        },
        conflict('serial', 'A', 'B'),
        'apply',
        RULES.fieldOwner,
      ],
      [
        'any change of a named field',
        { review_triggers: { value_changes: ['device_type'] } },
        sourceChange('device_type', 'qfx'),
        'review',
        RULES.triggerValueChange,
      ],
      [
        'conflict on a named field',
        {
          source_priority: ['netbox', 'cmdb'],
          conflict_resolution: { strategy: 'source_priority' },
          review_triggers: { field_conflicts: ['name'] },
        },
        conflict('name', 'a', 'b'),
        'review',
        RULES.triggerFieldConflict,
      ],
      [
        'named field changed by the source alone',
        { review_triggers: { field_conflicts: ['name'] } },
        sourceChange('name', 'b'),
        'apply',
        RULES.sourceChange,
      ],
    ])('%s', (_case, policy, change, decision, rule) => {
      expect(decideField(policy, change)).toMatchObject({ decision, rule });
    });

    it('takes triggers from the set as well as from the type', () => {
      const policies = parsePolicySet({
        review_triggers: { value_changes: ['platform'] },
        policies: [{ object_type: DEVICE }],
      });
      const result = sut({
        policies,
        plan: [update([sourceChange('platform', 'junos')])],
        context: NETBOX,
      });

      expect(result.operations[0]?.fields[0]?.rule).toBe(RULES.triggerValueChange);
    });

    it.each<[string, string, string, string]>([
      [
        'observed further apart than allowed',
        '2025-01-01T00:00:00Z',
        'review',
        RULES.triggerDataAge,
      ],
      ['observed within the allowed gap', '2025-01-09T12:00:00Z', 'apply', RULES.latestWins],
    ])('data age difference: %s', (_case, targetObservedAt, decision, rule) => {
      const policy = {
        conflict_resolution: { strategy: 'latest_wins' as const },
        review_triggers: { data_age_difference: '7d' },
      };
      const context = {
        source: 'netbox',
        sourceObservedAt: '2025-01-10T00:00:00Z',
        targetObservedAt,
      };

      expect(decideField(policy, conflict('description', 'a', 'b'), context)).toMatchObject({
        decision,
        rule,
      });
    });

    it('a reviewer resolution decides before any rule', () => {
      const policy = { conflict_resolution: { strategy: 'manual_review' as const } };

      expect(
        decideField(policy, { ...conflict('name', 'a', 'b'), resolution: 'source' }),
      ).toMatchObject({ decision: 'apply', rule: RULES.reviewerResolution });
      expect(
        decideField(policy, { ...conflict('name', 'a', 'b'), resolution: 'target' }),
      ).toMatchObject({ decision: 'drop', rule: RULES.reviewerResolution });
    });
  });

  describe('discovery precedence', () => {
    const policy = {
      discovery_precedence: {
        sources: ['discovery'],
        owned_fields: ['platform'],
        safe_fields: ['description'],
      },
    };
    const touched = { source: 'production', targetSource: 'discovery' };

    it.each<[string, OperationContext, string, string, string]>([
      ['owned field on a touched record', touched, 'platform', 'drop', RULES.discoveryOwnedField],
      [
        'other field on a touched record, safe fields listed',
        touched,
        'rack',
        'drop',
        RULES.discoveryNotSafeField,
      ],
      ['safe field on a touched record', touched, 'description', 'apply', RULES.sourceChange],
      [
        'touched record flagged by the caller',
        { source: 'production', isDiscoveryTouched: true },
        'platform',
        'drop',
        RULES.discoveryOwnedField,
      ],
      [
        'owned field on an untouched record',
        { source: 'production', targetSource: 'production' },
        'platform',
        'apply',
        RULES.sourceChange,
      ],
      [
        'discovery itself writing its field',
        { source: 'discovery', targetSource: 'discovery' },
        'platform',
        'apply',
        RULES.sourceChange,
      ],
    ])('%s', (_case, context, field, decision, rule) => {
      expect(decideField(policy, sourceChange(field, 'v'), context)).toMatchObject({
        decision,
        rule,
      });
    });

    it('without safe fields, only owned fields are protected', () => {
      const ownedOnly = {
        discovery_precedence: { sources: ['discovery'], owned_fields: ['platform'] },
      };

      expect(decideField(ownedOnly, sourceChange('rack', 'r2'), touched)).toMatchObject({
        decision: 'apply',
      });
    });

    it('keeps another source from deleting a touched record', () => {
      const deletable = { ...policy, deletes: { mode: 'delete' as const } };
      const decision = decide(
        deletable,
        { id: 0, action: 'delete', type: DEVICE, key: 'leaf-01', level: 0 },
        touched,
      );

      expect(decision).toMatchObject({ decision: 'drop', rule: RULES.discoveryRecord });
    });
  });

  describe('deletes', () => {
    const remove: Operation = { id: 0, action: 'delete', type: DEVICE, key: 'leaf-01', level: 0 };

    it.each<[string, Partial<ObjectTypePolicyInput>, string, string]>([
      ['default policy never deletes', {}, 'drop', RULES.deletesNever],
      ['never', { deletes: { mode: 'never' } }, 'drop', RULES.deletesNever],
      [
        'safe',
        { deletes: { mode: 'safe', status: 'decommissioning', tag: 'gone' } },
        'apply',
        RULES.deletesSafe,
      ],
      ['delete', { deletes: { mode: 'delete' } }, 'apply', RULES.deletesDelete],
    ])('%s', (_case, policy, decision, rule) => {
      expect(decide(policy, remove)).toMatchObject({ decision, rule });
    });

    it('safe mode says which status and tag to set, and deletes nothing', () => {
      const decision = decide(
        { deletes: { mode: 'safe', status: 'decommissioning', tag: 'gone' } },
        remove,
      );

      expect(decision.softDelete).toEqual({ status: 'decommissioning', tag: 'gone' });
      expect(decision.applicable).toBeUndefined();
    });

    it('asks a person when the target changed the record the source deleted', () => {
      const decision = decide(
        { deletes: { mode: 'delete' } },
        { ...remove, conflict: 'changed-in-target' },
      );

      expect(decision).toMatchObject({ decision: 'review', rule: RULES.changedInTarget });
      expect(decision.fingerprint).toMatch(/^rj1:/);
    });
  });

  describe('creates', () => {
    const create: Operation = {
      id: 0,
      action: 'create',
      type: DEVICE,
      key: 'leaf-02',
      level: 0,
      attrs: { name: 'leaf-02', serial: 'S1', id: 9 },
      refs: { site: 'dc1' },
    };

    it('writes a new record', () => {
      expect(decide({}, create)).toMatchObject({
        decision: 'apply',
        rule: RULES.create,
        applicable: create,
      });
    });

    it('leaves out excluded fields and fields another source owns', () => {
      const policy = {
        source_priority: ['cmdb', 'netbox'],
        conflict_resolution: { excluded_fields: ['id'], fields: { serial: { owner: 'cmdb' } } },
      };
      const decision = decide(policy, create);

      expect(decision.applicable?.attrs).toEqual({ name: 'leaf-02' });
      expect(decision.fields.map((field) => [field.field, field.rule])).toEqual([
        ['serial', RULES.fieldOwner],
        ['id', RULES.excludedField],
      ]);
    });

    it('asks a person when the target deleted a record the source still has', () => {
      expect(decide({}, { ...create, conflict: 'deleted-in-target' })).toMatchObject({
        decision: 'review',
        rule: RULES.deletedInTarget,
      });
    });
  });

  describe('operations with several fields', () => {
    const policy = { review_triggers: { value_changes: ['device_type'] } };
    const operation = update([
      sourceChange('description', 'new'),
      sourceChange('device_type', 'qfx'),
    ]);

    it('reviews the operation and keeps the applicable fields writable now', () => {
      const decision = decide(policy, operation);

      expect(decision).toMatchObject({ decision: 'review', rule: RULES.triggerValueChange });
      expect(decision.applicable?.changes).toEqual([
        { ...sourceChange('description', 'new'), resolution: 'source' },
      ]);
    });

    it('drops an update all of whose fields are dropped (target drift)', () => {
      const drift = update([
        { field: 'name', base: 'a', current: 'b', proposed: 'a', side: 'target' },
      ]);

      const decision = decide({}, drift);

      expect(decision.decision).toBe('drop');
      expect(decision.applicable).toBeUndefined();
    });

    it('applies a rename without field changes', () => {
      expect(decide({}, update([], { newKey: 'leaf-99' }))).toMatchObject({
        decision: 'apply',
        rule: RULES.rename,
      });
    });

    it('writes merged values in the applicable operation', () => {
      const merge = { conflict_resolution: { fields: { tags: { merge: 'union' as const } } } };
      const decision = decide(merge, update([conflict('tags', ['b'], ['a'], [])]));

      expect(decision.applicable?.changes?.[0]).toMatchObject({
        proposed: ['a', 'b'],
        resolution: 'source',
      });
    });
  });

  describe('rejection memory', () => {
    const policy = { conflict_resolution: { strategy: 'manual_review' as const } };
    const change = conflict('name', 'a', 'b');
    const fingerprint = rejectionFingerprint({
      objectType: DEVICE,
      key: 'leaf-01',
      field: 'name',
      proposed: 'b',
      source: 'netbox',
    });

    it('gives review decisions the fingerprint of their proposal', () => {
      expect(decide(policy, update([change])).fields[0]?.fingerprint).toBe(fingerprint);
    });

    it('does not ask again about a rejected proposal', () => {
      const decision = decide(policy, update([change]), NETBOX, {
        rejected: new Set([fingerprint]),
      });

      expect(decision).toMatchObject({ decision: 'drop' });
      expect(decision.fields[0]).toMatchObject({
        decision: 'drop',
        rule: RULES.previouslyRejected,
      });
    });

    it('asks again once the proposed value changes', () => {
      const decision = decide(policy, update([conflict('name', 'a', 'c')]), NETBOX, {
        rejected: new Set([fingerprint]),
      });

      expect(decision.decision).toBe('review');
    });
  });

  describe('change threshold', () => {
    const policy = { change_threshold: { max_share: 0.1 }, deletes: { mode: 'delete' as const } };
    const operations = (count: number): Operation[] =>
      Array.from({ length: count }, (_, index) =>
        update([sourceChange('description', `d${index}`)], { id: index, key: `leaf-${index}` }),
      );

    function resolve(
      count: number,
      existing: number | undefined,
      extra: Partial<ObjectTypePolicyInput> = {},
    ) {
      return sut({
        policies: policySet({ ...policy, ...extra }),
        plan: operations(count),
        context: NETBOX,
        ...(existing === undefined ? {} : { objectCounts: { [DEVICE]: existing } }),
      });
    }

    it.each<[string, number, number | undefined, boolean]>([
      ['below the share', 10, 100, false],
      ['exactly at the share', 10, 100, false],
      ['above the share', 11, 100, true],
      ['into an empty type', 1, 0, true],
      ['object count unknown', 1, undefined, true],
    ])('%s', (_case, count, existing, isHeld) => {
      const result = resolve(count, existing);

      expect(result.thresholds[0]?.isExceeded).toBe(isHeld);
      expect(new Set(result.operations.map((decision) => decision.decision))).toEqual(
        new Set([isHeld ? 'review' : 'apply']),
      );
      if (isHeld) {
        expect(
          result.operations.every(
            (decision) => decision.rule === RULES.changeThreshold && !decision.applicable,
          ),
        ).toBe(true);
      }
    });

    it('does not hold runs smaller than min_changes', () => {
      expect(
        resolve(3, 10, { change_threshold: { max_share: 0.1, min_changes: 5 } }).counts,
      ).toEqual({ apply: 3, drop: 0, review: 0 });
    });

    it('does not count operations the policy drops', () => {
      const drift = (id: number) =>
        update([{ field: 'name', base: 'a', current: 'b', proposed: 'a', side: 'target' }], {
          id,
          key: `x${id}`,
        });
      const result = sut({
        policies: policySet(policy),
        plan: [...operations(1), drift(10), drift(11)],
        context: NETBOX,
        objectCounts: { [DEVICE]: 10 },
      });

      expect(result.thresholds[0]).toMatchObject({ changes: 1, existing: 10, isExceeded: false });
      expect(result.counts).toEqual({ apply: 1, drop: 2, review: 0 });
    });
  });

  it('decides types the set has no policy for by the defaults: manual review, no deletes', () => {
    const result = sut({
      policies: parsePolicySet({}),
      plan: [
        { ...update([conflict('name', 'a', 'b')]), type: 'custom' },
        { id: 1, action: 'delete', type: 'ipam.vlan', key: '10', level: 0 },
      ],
      context: NETBOX,
    });

    expect(result.operations.map((decision) => decision.rule)).toEqual([
      RULES.manualReview,
      RULES.deletesNever,
    ]);
  });

  it('counts decisions per type and accepts a plan object', () => {
    const plan = {
      format: 'plumbline.plan/v1' as const,
      mode: 'three-way' as const,
      operations: [update([sourceChange('description', 'x')])],
      summary: {
        byType: {},
        total: { create: 0, update: 1, delete: 0, noop: 0, drift: 0, skip: 0, conflict: 0 },
      },
    };

    expect(sut({ policies: policySet({}), plan, context: NETBOX }).countsByType).toEqual({
      [DEVICE]: { apply: 1, drop: 0, review: 0 },
    });
  });

  it('records the sources and timestamps behind each field decision, per field where given', () => {
    const context = {
      source: 'netbox',
      sourceObservedAt: '2025-01-02T00:00:00Z',
      targetSource: 'cmdb',
      fields: { description: { targetObservedAt: '2025-01-01T00:00:00Z', targetSource: 'human' } },
    };
    const [field] = decide({}, update([sourceChange('description', 'x')]), context).fields;

    expect(field?.sources).toEqual({
      source: 'netbox',
      sourceObservedAt: '2025-01-02T00:00:00Z',
      targetSource: 'human',
      targetObservedAt: '2025-01-01T00:00:00Z',
    });
  });

  describe('properties', () => {
    const field = fc.constantFrom('name', 'description', 'serial', 'tags', 'platform');
    const value = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null));
    const change = fc
      .record({
        field,
        base: value,
        current: value,
        proposed: value,
        side: fc.constantFrom('source' as const, 'target' as const),
        isConflict: fc.constantFrom(true as const, undefined),
      })
      .map((raw): FieldChange => {
        const { isConflict, ...rest } = raw;
        return isConflict ? { ...rest, isConflict } : rest;
      });
    const strategy = fc.constantFrom(
      'source_priority',
      'latest_wins',
      'merge',
      'manual_review',
      'immutable',
    );
    const policy = fc.record({
      object_type: fc.constant(DEVICE),
      source_priority: fc.shuffledSubarray(['netbox', 'cmdb', 'discovery']),
      conflict_resolution: fc.record({ strategy }),
      review_triggers: fc.record({
        field_conflicts: fc.subarray(['name', 'serial']),
        value_changes: fc.subarray(['platform']),
        data_age_difference: fc.constantFrom('1h', '7d'),
      }),
    });
    const timestamp = fc
      .integer({ min: 1_600_000_000, max: 1_800_000_000 })
      .map((seconds) => new Date(seconds * 1000).toISOString());
    const context = fc.record({
      source: fc.constantFrom('netbox', 'cmdb', 'discovery', 'scan'),
      targetSource: fc.constantFrom('netbox', 'cmdb', 'discovery', 'human'),
      sourceObservedAt: timestamp,
      targetObservedAt: timestamp,
    });
    const operationsOf = (lists: FieldChange[][]) =>
      lists.map((changes, index) => update(changes, { id: index, key: `k${index}` }));

    it('is deterministic, and one operation is decided the same whatever else is in the plan', () => {
      fc.assert(
        fc.property(
          policy,
          context,
          fc.array(fc.array(change, { maxLength: 4 }), { maxLength: 6 }),
          (input, ctx, lists) => {
            const policies = parsePolicySet({ policies: [input] });
            const plan = operationsOf(lists);
            const first = sut({ policies, plan, context: ctx });
            expect(sut({ policies, plan, context: ctx })).toEqual(first);
            const reversed = sut({ policies, plan: [...plan].reverse(), context: ctx });
            expect([...reversed.operations].reverse()).toEqual(first.operations);
          },
        ),
      );
    });

    it('never sends a change only one side made to a conflict review', () => {
      const conflictRules = new Set<string>([
        RULES.triggerFieldConflict,
        RULES.triggerDataAge,
        RULES.sourcePriority,
        RULES.latestWins,
        RULES.merge,
        RULES.manualReview,
      ]);
      fc.assert(
        fc.property(policy, context, fc.array(change, { maxLength: 5 }), (input, ctx, changes) => {
          const oneSided = changes.map((one) => {
            const copy = { ...one };
            delete copy.isConflict;
            return copy;
          });
          const result = sut({
            policies: parsePolicySet({ policies: [input] }),
            plan: [update(oneSided)],
            context: ctx,
          });
          for (const decision of result.operations[0]?.fields ?? []) {
            expect(decision.decision === 'review' && conflictRules.has(decision.rule)).toBe(false);
            if (decision.change.side === 'target') expect(decision.decision).toBe('drop');
          }
        }),
      );
    });

    it('source_priority lets the higher-ranked source win, whichever side it is on', () => {
      const sources = ['netbox', 'cmdb', 'discovery', 'scan'];
      fc.assert(
        fc.property(
          fc.shuffledSubarray(sources, { minLength: 2, maxLength: 4 }),
          fc.constantFrom(...sources),
          fc.constantFrom(...sources),
          (order, source, targetSource) => {
            fc.pre(
              source !== targetSource && (order.includes(source) || order.includes(targetSource)),
            );
            const policies = policySet({
              source_priority: order,
              conflict_resolution: { strategy: 'source_priority' },
            });
            const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : Infinity);
            const result = sut({
              policies,
              plan: [update([conflict('name', 'a', 'b')])],
              context: { source, targetSource },
            });
            const expected = rank(source) < rank(targetSource) ? 'apply' : 'drop';
            expect(result.operations[0]?.fields[0]?.decision).toBe(expected);
          },
        ),
      );
    });
  });
});
