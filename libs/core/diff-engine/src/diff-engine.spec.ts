import { DiffEngine } from './diff-engine';
import { type DiffOptions } from './diff-options';
import { type Plan } from './plan';
import { type RecordSet } from './record';
import { device, iface, record, registry, setOf } from './test-records';

const summaryOf = (plan: Plan) => {
  const { create, update, delete: deletes, conflict, skip, drift } = plan.summary.total;
  return { create, update, delete: deletes, conflict, skip, drift };
};
const none = { create: 0, update: 0, delete: 0, conflict: 0, skip: 0, drift: 0 };

describe(DiffEngine.name, () => {
  const sut = new DiffEngine(registry);

  describe('two-way', () => {
    it('creates, updates and deletes by natural key', () => {
      const source = setOf(device('a', { serial: 'S1' }), device('b'));
      const target = setOf(device('a', { serial: 'S0' }), device('c'));

      const plan = sut.diff(source, target);

      expect(plan.mode).toBe('two-way');
      expect(plan.operations.map((op) => [op.action, op.key])).toEqual([
        ['create', 'b'],
        ['update', 'a'],
        ['delete', 'c'],
      ]);
      expect(plan.operations[1]?.changes).toEqual([
        { field: 'serial', current: 'S0', proposed: 'S1', side: 'source' },
      ]);
      expect(plan.summary.byType['dcim.device']).toMatchObject({ create: 1, update: 1, delete: 1 });
    });

    it.each([
      ['tags in another order', { tags: ['x', 'y'] }, { tags: ['y', 'x'] }, {}, {}],
      ['status choice in another case', {}, {}, { face: 'Front' }, { face: 'front' }],
      ['blank comments vs null', {}, {}, { comments: '' }, { comments: null }],
      ['position as a numeric string', {}, {}, { position: '12' }, { position: 12 }],
      ['serial with spaces around', {}, {}, { serial: ' X1 ' }, { serial: 'X1' }],
    ])('reports no update for %s', (_name, sourceRefs, targetRefs, sourceAttrs, targetAttrs) => {
      const plan = sut.diff(
        setOf(device('a', sourceAttrs, sourceRefs)),
        setOf(device('a', targetAttrs, targetRefs)),
      );

      expect(plan.operations).toEqual([]);
      expect(plan.summary.total.noop).toBe(1);
    });

    it('never nulls a field the source did not send', () => {
      const plan = sut.diff(setOf(device('a')), setOf(device('a', { serial: 'S0' })));

      expect(plan.operations).toEqual([]);
    });

    it('updates a parent change as a reference, never delete and create', () => {
      const source = setOf(record('dcim.location', { name: 'rack-room' }, { parent: 'dc-2' }));
      const target = setOf(record('dcim.location', { name: 'rack-room' }, { parent: 'dc-1' }));

      const plan = sut.diff(source, target);

      expect(plan.operations).toMatchObject([
        {
          action: 'update',
          changes: [{ field: 'parent', isReference: true, current: 'dc-1', proposed: 'dc-2' }],
        },
      ]);
    });

    it('turns a rename into an update when an external id matches', () => {
      const source = setOf(
        record('dcim.device', { name: 'new' }, {}, { ids: { nautobot: 'u-1' } }),
      );
      const target = setOf(
        record('dcim.device', { name: 'old' }, {}, { ids: { nautobot: 'u-1' } }),
      );

      const plan = sut.diff(source, target);

      expect(plan.operations).toMatchObject([
        { action: 'update', key: 'old', newKey: 'new', ids: { nautobot: 'u-1' } },
      ]);
      expect(plan.operations[0]?.changes).toEqual([
        { field: 'name', current: 'old', proposed: 'new', side: 'source' },
      ]);
    });
  });

  describe('options', () => {
    const source = setOf(
      device('both', { serial: 'new' }),
      device('source-only'),
      iface('both', 'eth0', { mtu: 9000 }),
    );
    const target = setOf(
      device('both', { serial: 'old' }),
      record('dcim.device', { name: 'ours' }, {}, { source: 'prod' }),
      record('dcim.device', { name: 'theirs' }, {}, { source: 'discovery' }),
      device('unowned'),
      iface('both', 'eth0', { mtu: 1500 }),
    );
    const cases: [string, DiffOptions, typeof none][] = [
      ['no options', {}, { ...none, create: 1, update: 2, delete: 3 }],
      [
        'skip unmatched source',
        { shouldSkipUnmatchedSource: true },
        { ...none, update: 2, delete: 3, skip: 1 },
      ],
      [
        'skip unmatched target',
        { shouldSkipUnmatchedTarget: true },
        { ...none, create: 1, update: 2, skip: 3 },
      ],
      [
        'ignore a type',
        { ignoredTypes: ['dcim.interface'] },
        { ...none, create: 1, update: 1, delete: 3 },
      ],
      [
        'ignore a field',
        { ignoredFields: { 'dcim.interface': ['mtu'], 'dcim.device': ['serial'] } },
        { ...none, create: 1, delete: 3 },
      ],
      ['scope to types', { scope: { types: ['dcim.interface'] } }, { ...none, update: 1 }],
      [
        'scope to keys',
        { scope: { keys: { 'dcim.device': ['both', 'theirs'] } } },
        { ...none, update: 2, delete: 1 },
      ],
      [
        'ownership',
        { ownership: { owner: 'prod' } },
        { ...none, create: 1, update: 2, delete: 1, skip: 2 },
      ],
      [
        'ownership, unowned deletable',
        { ownership: { owner: 'prod', canDeleteUnowned: true } },
        { ...none, create: 1, update: 2, delete: 2, skip: 1 },
      ],
    ];

    it.each(cases)('%s', (_name, options, expected) => {
      expect(summaryOf(sut.diff(source, target, options))).toEqual(expected);
    });
  });

  describe('three-way', () => {
    const diff3 = (source: RecordSet, target: RecordSet, base: RecordSet) =>
      sut.diff(source, target, { base });

    it('attributes each field change to the side that made it', () => {
      const base = setOf(device('a', { serial: 'S0', asset_tag: 'T0' }));
      const source = setOf(device('a', { serial: 'S1', asset_tag: 'T0' }));
      const target = setOf(device('a', { serial: 'S0', asset_tag: 'T1' }));

      const plan = diff3(source, target, base);

      expect(plan.mode).toBe('three-way');
      expect(plan.operations[0]?.changes).toEqual([
        { field: 'serial', base: 'S0', current: 'S0', proposed: 'S1', side: 'source' },
        { field: 'asset_tag', base: 'T0', current: 'T1', proposed: 'T0', side: 'target' },
      ]);
      expect(summaryOf(plan)).toEqual({ ...none, update: 1 });
    });

    it('reports a conflict with base, source and target values', () => {
      const plan = diff3(
        setOf(device('a', { serial: 'S1' })),
        setOf(device('a', { serial: 'S2' })),
        setOf(device('a', { serial: 'S0' })),
      );

      expect(plan.operations[0]?.changes).toEqual([
        {
          field: 'serial',
          base: 'S0',
          current: 'S2',
          proposed: 'S1',
          side: 'source',
          isConflict: true,
        },
      ]);
      expect(summaryOf(plan)).toEqual({ ...none, conflict: 1 });
    });

    it('counts target-only changes as drift', () => {
      const plan = diff3(
        setOf(device('a', { serial: 'S0' })),
        setOf(device('a', { serial: 'S9' })),
        setOf(device('a', { serial: 'S0' })),
      );

      expect(summaryOf(plan)).toEqual({ ...none, drift: 1 });
    });

    it.each([
      ['source added', [device('n')], [], [], { ...none, create: 1 }],
      ['target added', [], [device('n')], [], { ...none, drift: 1 }],
      [
        'source deleted, target unchanged',
        [],
        [device('n')],
        [device('n')],
        { ...none, delete: 1 },
      ],
      [
        'source deleted, target changed',
        [],
        [device('n', { serial: 'T' })],
        [device('n')],
        { ...none, conflict: 1 },
      ],
      ['target deleted, source unchanged', [device('n')], [], [device('n')], { ...none, drift: 1 }],
      [
        'target deleted, source changed',
        [device('n', { serial: 'S' })],
        [],
        [device('n')],
        { ...none, conflict: 1 },
      ],
    ])('%s', (_name, source, target, base, expected) => {
      expect(summaryOf(diff3(setOf(...source), setOf(...target), setOf(...base)))).toEqual(
        expected,
      );
    });
  });

  it('rejects records of unknown types', () => {
    const stray = { ...device('a'), type: 'dcim.nothing' };

    expect(() => sut.diff(setOf(stray), setOf())).toThrow('Unknown object type dcim.nothing');
  });
});
