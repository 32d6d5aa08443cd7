import fc from 'fast-check';
import { ApplyRunner } from './apply-runner';
import { DiffEngine } from './diff-engine';
import { MemoryWriter } from './memory-writer';
import { parsePlan, serialisePlan } from './plan-json';
import { type CanonicalRecord, RecordSet } from './record';
import { record, registry } from './test-records';

const names = fc.constantFrom('a', 'b', 'c', 'd');
const text = fc.option(fc.constantFrom('x', 'X', ' x', 'y', ''), { nil: null });

/**
 * A referentially closed record set: locations (a self-referencing tree, cycles allowed),
 * devices in those locations, interfaces on those devices, tags.
 */
const recordSets = fc
  .record({
    tags: fc.uniqueArray(names),
    locations: fc.uniqueArray(fc.tuple(names, fc.option(names, { nil: null })), {
      selector: ([name]) => name,
    }),
    devices: fc.uniqueArray(
      fc.record({ name: names, serial: text, asset: text, location: names, tags: fc.array(names) }),
      { selector: (item) => item.name },
    ),
    interfaces: fc.uniqueArray(
      fc.record({
        device: names,
        name: names,
        mtu: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
        description: text,
      }),
      { selector: (item) => `${item.device}/${item.name}` },
    ),
  })
  .map(({ tags, locations, devices, interfaces }) => {
    const locationNames = new Set(locations.map(([name]) => name));
    const deviceNames = new Set(devices.map((item) => item.name));
    const tagNames = new Set(tags);
    const records: CanonicalRecord[] = [
      ...tags.map((name) => record('extras.tag', { name, description: null })),
      ...locations.map(([name, parent]) =>
        record(
          'dcim.location',
          { name },
          { parent: parent && locationNames.has(parent) ? parent : null },
        ),
      ),
      ...devices.map((item) =>
        record(
          'dcim.device',
          { name: item.name, serial: item.serial, asset_tag: item.asset },
          {
            location: locationNames.has(item.location) ? item.location : null,
            tags: [...new Set(item.tags.filter((tag) => tagNames.has(tag)))],
          },
        ),
      ),
      ...interfaces
        .filter((item) => deviceNames.has(item.device))
        .map((item) =>
          record(
            'dcim.interface',
            { name: item.name, mtu: item.mtu, description: item.description },
            { device: item.device },
          ),
        ),
    ];
    return records;
  });

const copy = (records: readonly CanonicalRecord[]) => RecordSet.of(records);

describe(DiffEngine.name, () => {
  const sut = new DiffEngine(registry);

  it('finds nothing between a set and itself', () => {
    fc.assert(
      fc.property(recordSets, (records) => {
        expect(sut.diff(copy(records), copy(records)).operations).toEqual([]);
      }),
    );
  });

  it('turns the target into the source when its plan is applied, in an order a database accepts', async () => {
    await fc.assert(
      fc.asyncProperty(recordSets, recordSets, async (source, target) => {
        const writer = new MemoryWriter(copy(target), { registry });
        const plan = sut.diff(copy(source), writer.records);

        const result = await new ApplyRunner(registry, writer).apply(plan);

        expect(result.results.filter((item) => item.status !== 'applied')).toEqual([]);
        expect(sut.diff(copy(source), writer.records).operations).toEqual([]);
      }),
    );
  });

  it('keeps a plan intact through JSON', () => {
    fc.assert(
      fc.property(
        recordSets,
        recordSets,
        recordSets,
        fc.boolean(),
        (source, target, base, isThreeWay) => {
          const plan = sut.diff(copy(source), copy(target), isThreeWay ? { base: copy(base) } : {});

          expect(parsePlan(serialisePlan(plan))).toStrictEqual(plan);
        },
      ),
    );
  });

  it('never reports a conflict when one side is unchanged since the baseline', () => {
    fc.assert(
      fc.property(recordSets, recordSets, fc.boolean(), (changed, base, isSourceChanged) => {
        const [source, target] = isSourceChanged ? [changed, base] : [base, changed];

        const plan = sut.diff(copy(source), copy(target), { base: copy(base) });

        expect(plan.summary.total.conflict).toBe(0);
        expect(
          plan.operations.filter((op) => op.conflict || op.changes?.some((c) => c.isConflict)),
        ).toEqual([]);
      }),
    );
  });
});
