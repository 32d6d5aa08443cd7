import { ApplyRunner, batchesOf } from './apply-runner';
import { DiffEngine } from './diff-engine';
import { MemoryWriter } from './memory-writer';
import { type Operation } from './plan';
import { type PlanWriter } from './plan-writer';
import { type RecordSet } from './record';
import { device, iface, record, registry, setOf } from './test-records';

const engine = new DiffEngine(registry);

function planFor(source: RecordSet, target: RecordSet) {
  return engine.diff(source, target);
}

describe(ApplyRunner.name, () => {
  const source = () =>
    setOf(
      device('sw1', { serial: 'S1' }, { primary_ip4: ['', '10.0.0.1/24'] }),
      iface('sw1', 'eth0'),
      iface('sw1', 'eth1'),
      record('ipam.ipaddress', { address: '10.0.0.1/24' }, { assigned_object: ['sw1', 'eth0'] }),
      device('sw2', { serial: 'S2' }),
    );
  const target = () =>
    setOf(device('sw2', { serial: 'old' }), device('gone'), iface('gone', 'eth0'));

  it('applies a plan in bulk batches per type and level', async () => {
    const writer = new MemoryWriter(target(), { registry });
    const sut = new ApplyRunner(registry, writer);

    const result = await sut.apply(planFor(source(), target()));

    expect(result.counts).toEqual({ applied: 8, unchanged: 0, failed: 0, skipped: 0, stale: 0 });
    expect(
      writer.batches.map((batch) => `${batch.action} ${batch.type} x${batch.operations.length}`),
    ).toEqual([
      'create dcim.device x1',
      'update dcim.device x1',
      'create dcim.interface x2',
      'create ipam.ipaddress x1',
      'update dcim.device x1',
      'delete dcim.interface x1',
      'delete dcim.device x1',
    ]);
    expect(engine.diff(source(), writer.records).operations).toEqual([]);
  });

  it('splits batches at the batch size', async () => {
    const writer = new MemoryWriter(setOf());
    const many = setOf(...Array.from({ length: 5 }, (_, index) => device(`d${index}`)));

    await new ApplyRunner(registry, writer, { batchSize: 2 }).apply(planFor(many, setOf()));

    expect(writer.batches.map((batch) => batch.operations.length)).toEqual([2, 2, 1]);
  });

  it('continues past a failure and skips what depends on it, with the reason', async () => {
    const failing = (operation: Operation) =>
      operation.type === 'dcim.interface' &&
      operation.key.endsWith('eth0') &&
      operation.action === 'create'
        ? 'HTTP 400: bad interface'
        : undefined;
    const writer = new MemoryWriter(target(), { failWhen: failing, registry });
    const plan = planFor(source(), target());

    const result = await new ApplyRunner(registry, writer).apply(plan);

    const byKey = (type: string, key: string, action = 'create') =>
      result.results[
        plan.operations.findIndex(
          (op) => op.type === type && op.key === key && op.action === action,
        )
      ];
    expect(byKey('dcim.interface', 'sw1\u001feth0')).toMatchObject({
      status: 'failed',
      reason: 'HTTP 400: bad interface',
    });
    expect(byKey('ipam.ipaddress', '\u001f10.0.0.1/24')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('create dcim.interface sw1\u001feth0'),
    });
    expect(byKey('dcim.interface', 'sw1\u001feth1')).toMatchObject({ status: 'applied' });
    expect(result.counts).toMatchObject({ applied: 5, failed: 1, skipped: 2 });
  });

  it('turns a writer exception into failed results for its batch', async () => {
    const writer: PlanWriter = { write: () => Promise.reject(new Error('connection reset')) };

    const result = await new ApplyRunner(registry, writer).apply(
      planFor(setOf(device('a')), setOf()),
    );

    expect(result.results).toEqual([{ id: 0, status: 'failed', reason: 'connection reset' }]);
  });

  it('changes nothing when the same plan runs twice', async () => {
    const writer = new MemoryWriter(target());
    const sut = new ApplyRunner(registry, writer);
    const plan = planFor(source(), target());
    await sut.apply(plan);
    writer.batches.length = 0;

    const second = await sut.apply(plan);

    expect(second.counts).toEqual({ applied: 0, unchanged: 8, failed: 0, skipped: 0, stale: 0 });
    expect(writer.batches).toEqual([]);
  });

  it('marks an update stale when the target changed the field since the plan', async () => {
    const writer = new MemoryWriter(setOf(device('sw2', { serial: 'old' })));
    const plan = planFor(setOf(device('sw2', { serial: 'S2' })), writer.records);
    writer.records.put(device('sw2', { serial: 'edited by hand' }));

    const result = await new ApplyRunner(registry, writer).apply(plan);

    expect(result.results).toEqual([
      { id: 0, status: 'stale', reason: 'serial changed on the target since the plan' },
    ]);
  });

  it('holds back unresolved conflicts and applies resolved ones', async () => {
    const base = setOf(device('a', { serial: 'S0' }));
    const writer = new MemoryWriter(setOf(device('a', { serial: 'T' })));
    const plan = engine.diff(setOf(device('a', { serial: 'S' })), writer.records, { base });
    const sut = new ApplyRunner(registry, writer);

    expect((await sut.apply(plan)).results[0]).toMatchObject({
      status: 'skipped',
      reason: 'unresolved field conflict',
    });
    plan.operations[0]!.changes![0]!.resolution = 'source';
    expect((await sut.apply(plan)).results[0]).toMatchObject({ status: 'applied' });
    expect(writer.records.get('dcim.device', 'a')?.attrs.serial).toBe('S');
  });

  it('applies a rename matched by external id', async () => {
    const writer = new MemoryWriter(
      setOf(record('dcim.device', { name: 'old' }, {}, { ids: { netbox: 7 } })),
    );
    const plan = planFor(
      setOf(record('dcim.device', { name: 'new' }, {}, { ids: { netbox: 7 } })),
      writer.records,
    );

    await new ApplyRunner(registry, writer).apply(plan);

    expect(writer.records.get('dcim.device', 'new')?.ids).toEqual({ netbox: 7 });
    expect(writer.records.get('dcim.device', 'old')).toBeUndefined();
    expect((await new ApplyRunner(registry, writer).apply(plan)).counts.unchanged).toBe(1);
  });
});

describe(batchesOf.name, () => {
  const sut = batchesOf;

  it('groups consecutive operations of one level, type and action', () => {
    const op = (id: number, level: number, type: string): Operation => ({
      id,
      action: 'create',
      type,
      key: `${id}`,
      level,
    });

    expect(
      sut([op(0, 0, 'a'), op(1, 0, 'a'), op(2, 0, 'b'), op(3, 1, 'b')]).map(
        (batch) => batch.operations.length,
      ),
    ).toEqual([2, 1, 1]);
  });
});
