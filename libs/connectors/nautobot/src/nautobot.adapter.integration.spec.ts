import { countChanges, type RecordSet } from '@plumbline/diff-engine';
import {
  failuresOf,
  keysByType,
  remainingPlan,
  requirePeers,
  sampleDataset,
  syncTo,
  updatedDataset,
} from '@plumbline/connector-http';
import { RecordSet as Records } from '@plumbline/diff-engine';
import { NautobotAdapter } from './nautobot.adapter';

const peers = requirePeers('NautobotAdapter integration');
const describeWithPeers = peers ? describe : describe.skip;

describeWithPeers(NautobotAdapter.name, () => {
  const prefix = `plt-${Date.now().toString(36)}`;
  const octet = 100 + Math.floor(Math.random() * 100);
  let sut: NautobotAdapter;
  let dataset: RecordSet;
  let scope: { types: string[]; keys: Record<string, string[]> };

  beforeAll(() => {
    const peer = peers!.peers.nautobotProduction;
    sut = new NautobotAdapter({ url: peer.url, token: peer.token });
    dataset = sampleDataset(prefix, 'nautobot', octet);
    const keys = keysByType(dataset);
    scope = { types: Object.keys(keys), keys };
  });

  afterAll(async () => {
    // Whatever the tests left, remove it: deletes of the sample keys only.
    await syncTo(sut, new Records(), { scope }).catch(() => undefined);
  });

  it('reports the Nautobot version on test connection', async () => {
    await expect(sut.testConnection()).resolves.toMatchObject({
      version: expect.stringMatching(/^3\.2\./),
    });
  });

  it('covers every type of the sample', () => {
    expect(scope.types.sort()).toEqual(sut.supportedTypes().sort());
  });

  it('creates every type, reads it back, updates it and deletes it', async () => {
    const created = await syncTo(sut, dataset, { scope });
    expect(failuresOf(created)).toEqual([]);
    expect(created.result.counts.applied).toBe(dataset.size);
    const afterCreate = await remainingPlan(sut, dataset, { scope });
    expect(
      afterCreate.operations.filter(
        (operation) => operation.action !== 'update' || (operation.changes?.length ?? 0) > 0,
      ),
    ).toEqual([]);
    expect(countChanges(afterCreate.summary)).toBe(0);

    const updated = updatedDataset(dataset);
    const update = await syncTo(sut, updated, { scope });
    expect(failuresOf(update)).toEqual([]);
    expect(update.result.counts.applied).toBe(dataset.size);
    expect(countChanges((await remainingPlan(sut, updated, { scope })).summary)).toBe(0);

    const removal = await syncTo(sut, new Records(), { scope });
    expect(failuresOf(removal)).toEqual([]);
    expect(removal.result.counts.applied).toBe(dataset.size);
    const left = await sut.loadAll(scope.types);
    expect([...left].filter((record) => scope.keys[record.type]?.includes(record.key))).toEqual([]);
  });
});
