import { parsePolicySet } from '@plumbline/policy';
import { type IngestedRecordEntity } from '@plumbline/server-database';
import { type PoliciesService } from '@plumbline/server-policies';
import { type Queue } from 'bull';
import { type DriftCheckService } from './drift-check.service';
import { type DriftMetrics } from './drift-metrics';
import {
  DriftReconcilerService,
  RECONCILE_JOB_ID,
  RECONCILE_PAGE_SIZE,
  RECONCILE_TICK_MS,
} from './drift-reconciler.service';
import { type IngestedRecordsRepository } from './ingested-records.repository';

function records(count: number, connectorId = 'c-1'): IngestedRecordEntity[] {
  return Array.from({ length: count }, (_, index) => ({
    connectorId,
    objectType: 'dcim.device',
    objectKey: `dev-${index}`,
    attrs: {},
    refs: {},
    source: 'cmdb',
    ingestionId: 'i',
    ingestedAt: new Date(),
    checkedAt: null,
  }));
}

function setUp(pages: IngestedRecordEntity[][], policies: unknown[]) {
  const added: Array<{ name: string; options: unknown }> = [];
  const removed: string[] = [];
  const queue = {
    getRepeatableJobs: () =>
      Promise.resolve([
        { key: 'old', name: 'drift.reconcile', every: 60_000 },
        { key: 'same', name: 'drift.reconcile', every: RECONCILE_TICK_MS },
      ]),
    removeRepeatableByKey: (key: string) => Promise.resolve(void removed.push(key)),
    add: (name: string, _data: unknown, options: unknown) =>
      Promise.resolve(void added.push({ name, options })),
  } as unknown as Queue;
  const checked: Array<[string, string, number]> = [];
  const drift = {
    checkRecords: (connectorId: string, type: string, page: IngestedRecordEntity[]) => {
      checked.push([connectorId, type, page.length]);
      return Promise.resolve(new Map());
    },
  } as unknown as DriftCheckService;
  const asked: Array<[string, Date, number]> = [];
  const ingested = {
    findDue: (type: string, before: Date, limit: number) => {
      asked.push([type, before, limit]);
      return Promise.resolve(pages.shift() ?? []);
    },
  } as unknown as IngestedRecordsRepository;
  const store = {
    currentSet: () => Promise.resolve(parsePolicySet({ policies })),
  } as unknown as PoliciesService;
  const observed: string[] = [];
  const metrics = {
    observeReconciliation: (type: string) => observed.push(type),
  } as unknown as DriftMetrics;
  const sut = new DriftReconcilerService(queue, drift, ingested, store, metrics);
  return { sut, added, removed, checked, asked, observed };
}

describe(DriftReconcilerService.name, () => {
  it('schedules one repeatable tick under a fixed id and drops ticks of another period', async () => {
    const { sut, added, removed } = setUp([], []);
    await sut.schedule();
    expect(removed).toEqual(['old']);
    expect(added).toEqual([
      {
        name: 'drift.reconcile',
        options: expect.objectContaining({
          jobId: RECONCILE_JOB_ID,
          repeat: { every: RECONCILE_TICK_MS },
        }),
      },
    ]);
  });

  it('checks due records page by page, per connector, only for types with an interval', async () => {
    const { sut, checked, asked, observed } = setUp(
      [[...records(RECONCILE_PAGE_SIZE - 1), ...records(1, 'c-2')], records(3)],
      [
        { object_type: 'dcim.device', drift: { action: 'correct', reconcile_interval: 600 } },
        { object_type: 'ipam.vlan', drift: { action: 'correct' } },
        { object_type: 'tenancy.tenant' },
      ],
    );
    const startedAt = Date.now();
    await expect(sut.reconcile()).resolves.toEqual({ 'dcim.device': RECONCILE_PAGE_SIZE + 3 });
    expect(checked).toEqual([
      ['c-1', 'dcim.device', RECONCILE_PAGE_SIZE - 1],
      ['c-2', 'dcim.device', 1],
      ['c-1', 'dcim.device', 3],
    ]);
    // A short page is the last: no third query.
    expect(asked.map(([type, , limit]) => [type, limit])).toEqual([
      ['dcim.device', RECONCILE_PAGE_SIZE],
      ['dcim.device', RECONCILE_PAGE_SIZE],
    ]);
    const before = asked[0]![1].getTime();
    expect(startedAt - before).toBeGreaterThanOrEqual(600_000 - 50);
    expect(observed).toEqual(['dcim.device']);
  });
});
