import {
  failuresOf,
  keysByType,
  remainingPlan,
  requirePeers,
  sampleDataset,
  syncTo,
  updatedDataset,
} from '@plumbline/connector-http';
import { countChanges, RecordSet } from '@plumbline/diff-engine';
import { NetboxAdapter } from './netbox.adapter';

const peers = requirePeers('NetboxAdapter integration');
const describeWithPeers = peers ? describe : describe.skip;

describeWithPeers(NetboxAdapter.name, () => {
  const prefix = `plt-${Date.now().toString(36)}`;
  const octet = 100 + Math.floor(Math.random() * 100);
  let sut: NetboxAdapter;
  let dataset: RecordSet;
  let scope: { types: string[]; keys: Record<string, string[]> };

  beforeAll(() => {
    const peer = peers!.peers.netbox;
    sut = new NetboxAdapter({ url: peer.url, token: peer.token });
    dataset = sampleDataset(prefix, 'netbox', octet);
    const keys = keysByType(dataset);
    scope = { types: Object.keys(keys), keys };
  });

  afterAll(async () => {
    await syncTo(sut, new RecordSet(), { scope }).catch(() => undefined);
  });

  it('reports the NetBox version on test connection, with a v2 and with a v1 token', async () => {
    await expect(sut.testConnection()).resolves.toMatchObject({
      version: expect.stringMatching(/^4\.7\./),
    });
    const v1 = (peers!.peers.netbox as unknown as { tokenV1?: string }).tokenV1;
    if (v1) {
      const legacy = new NetboxAdapter({ url: peers!.peers.netbox.url, token: v1 });
      await expect(legacy.testConnection()).resolves.toMatchObject({ version: expect.any(String) });
    }
  });

  it('covers every type NetBox has except the fixed location types', () => {
    expect([...scope.types, 'dcim.locationtype'].sort()).toEqual(sut.supportedTypes().sort());
  });

  it('creates every type, reads it back, updates it and deletes it', async () => {
    const created = await syncTo(sut, dataset, { scope });
    expect(failuresOf(created)).toEqual([]);
    expect(countChanges((await remainingPlan(sut, dataset, { scope })).summary)).toBe(0);

    const updated = updatedDataset(dataset);
    const update = await syncTo(sut, updated, { scope });
    expect(failuresOf(update)).toEqual([]);
    expect(update.result.counts.applied).toBeGreaterThanOrEqual(dataset.size);
    expect(countChanges((await remainingPlan(sut, updated, { scope })).summary)).toBe(0);

    const removal = await syncTo(sut, new RecordSet(), { scope });
    expect(failuresOf(removal)).toEqual([]);
    const left = await sut.loadAll(scope.types);
    expect([...left].filter((record) => scope.keys[record.type]?.includes(record.key))).toEqual([]);
  });

  it('attaches NetBox field errors to the operation that caused them and writes the rest', async () => {
    const result = await sut.write({
      action: 'create',
      type: 'dcim.manufacturer',
      level: 0,
      operations: [
        {
          id: 1,
          action: 'create',
          type: 'dcim.manufacturer',
          key: `${prefix}-ok`,
          level: 0,
          attrs: { name: `${prefix}-ok` },
        },
        {
          id: 2,
          action: 'create',
          type: 'dcim.manufacturer',
          key: `${prefix}-bad`,
          level: 0,
          attrs: { name: `${prefix}-bad`, description: 'x'.repeat(300) },
        },
      ],
    });
    expect(result[0]).toMatchObject({ status: 'applied', ids: { netbox: expect.any(Number) } });
    expect(result[1]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('description'),
    });
    await sut.write({
      action: 'delete',
      type: 'dcim.manufacturer',
      level: 0,
      operations: [
        { id: 3, action: 'delete', type: 'dcim.manufacturer', key: `${prefix}-ok`, level: 0 },
      ],
    });
  });
});
