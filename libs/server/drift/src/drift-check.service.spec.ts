import { Logger } from '@nestjs/common';
import { type MappedAdapter } from '@plumbline/connector-http';
import { type CanonicalRecord, type Operation, type WriteResult } from '@plumbline/diff-engine';
import { type DriftPolicy, parsePolicySet } from '@plumbline/policy';
import { type BaselinesRepository, type ConnectorTargets } from '@plumbline/server-changes';
import { type DriftEventEntity, type IngestedRecordEntity } from '@plumbline/server-database';
import { type PoliciesService } from '@plumbline/server-policies';
import { type ReviewProposal, type ReviewsService } from '@plumbline/server-reviews';
import { DriftCheckService } from './drift-check.service';
import { type DriftEventsRepository } from './drift-events.repository';
import { type DriftMetrics } from './drift-metrics';
import { type IngestedRecordsRepository } from './ingested-records.repository';

const CONNECTOR = '00000000-0000-4000-8000-000000000001';

function live(serial: string | null, name = 'edge-1'): CanonicalRecord {
  return {
    type: 'dcim.device',
    key: name,
    attrs: { name, serial },
    refs: { location: 'dc1' },
    ids: { netbox: 7 },
    source: 'netbox',
    observedAt: '2026-11-22T05:00:00.000Z',
  };
}

function setUp(options: { live?: CanonicalRecord; write?: WriteResult; drift?: DriftPolicy }) {
  const ingested: IngestedRecordEntity = {
    connectorId: CONNECTOR,
    objectType: 'dcim.device',
    objectKey: 'edge-1',
    attrs: { name: 'edge-1', serial: 'SN-1' },
    refs: { location: 'dc1' },
    source: 'cmdb',
    ingestionId: '00000000-0000-4000-8000-0000000000aa',
    ingestedAt: new Date('2026-11-22T04:00:00Z'),
    checkedAt: null,
  };
  const events: Array<Omit<DriftEventEntity, 'id'>> = [];
  const written: Operation[] = [];
  const submitted: ReviewProposal[] = [];
  const checked: string[] = [];
  const accepted: Array<Record<string, unknown>> = [];
  const forgotten: string[] = [];
  const baselinesSaved: CanonicalRecord[] = [];
  const decisions: string[] = [];
  const adapter = {
    options: { idKey: 'netbox' },
    readByIds: () => Promise.resolve(new Map(options.live ? [['7', options.live]] : [])),
    read: () => Promise.resolve(new Map(options.live ? [[options.live.key, options.live]] : [])),
    forget: () => undefined,
  } as unknown as MappedAdapter;
  const targets = {
    sharedAdapterFor: () => Promise.resolve(adapter),
    forConnector: () =>
      Promise.resolve({
        write: (operation: Operation) => {
          written.push(operation);
          return Promise.resolve(options.write ?? { status: 'applied' });
        },
      }),
  } as unknown as ConnectorTargets;
  const base = live('SN-1');
  const baselines = {
    find: () => Promise.resolve([base]),
    save: (_id: string, records: CanonicalRecord[]) =>
      Promise.resolve(void baselinesSaved.push(...records)),
  } as unknown as BaselinesRepository;
  const repository = {
    findOne: () => Promise.resolve(ingested),
    markChecked: (_c: string, _t: string, keys: string[]) =>
      Promise.resolve(void checked.push(...keys)),
    acceptValues: (_r: IngestedRecordEntity, attrs: Record<string, unknown>) =>
      Promise.resolve(void accepted.push(attrs)),
    forget: (_c: string, _t: string, key: string) => Promise.resolve(void forgotten.push(key)),
  } as unknown as IngestedRecordsRepository;
  const eventsRepository = {
    add: (event: Omit<DriftEventEntity, 'id'>) => Promise.resolve(void events.push(event)),
  } as unknown as DriftEventsRepository;
  const policies = {
    currentSet: () =>
      Promise.resolve(
        parsePolicySet({
          policies: [
            { object_type: 'dcim.device', ...(options.drift && { drift: options.drift }) },
          ],
        }),
      ),
  } as unknown as PoliciesService;
  const reviews = {
    submit: (proposal: ReviewProposal) => {
      submitted.push(proposal);
      return Promise.resolve({ status: 'queued', item: { id: 'review-1' } });
    },
  } as unknown as ReviewsService;
  const metrics = {
    countDecision: (_type: string, decision: string) => decisions.push(decision),
    observeWebhookLatency: () => undefined,
  } as unknown as DriftMetrics;
  const sut = new DriftCheckService(
    targets,
    baselines,
    repository,
    eventsRepository,
    policies,
    reviews,
    metrics,
  );
  const job = {
    connectorId: CONNECTOR,
    objectType: 'dcim.device',
    objectKey: 'edge-1',
    peerId: 7,
    endpoint: 'dcim/devices/',
    event: 'updated' as const,
    receivedAt: new Date().toISOString(),
    correlationId: null,
  };
  return {
    sut,
    job,
    events,
    written,
    submitted,
    checked,
    accepted,
    forgotten,
    baselinesSaved,
    decisions,
  };
}

describe(DriftCheckService.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  it('records nothing but the check when the instance holds what was ingested', async () => {
    const { sut, job, events, checked, written } = setUp({
      live: live('SN-1'),
      drift: { action: 'correct' },
    });
    await expect(sut.checkWebhook(job)).resolves.toBeUndefined();
    expect(events).toEqual([]);
    expect(written).toEqual([]);
    expect(checked).toEqual(['edge-1']);
  });

  it('writes the intended value back under `correct` and records the decision', async () => {
    const { sut, job, events, written, decisions } = setUp({
      live: live('SN-9'),
      drift: { action: 'correct' },
    });
    await expect(sut.checkWebhook(job)).resolves.toBe('corrected');
    expect(written).toEqual([
      expect.objectContaining({
        action: 'update',
        key: 'edge-1',
        changes: [expect.objectContaining({ field: 'serial', current: 'SN-9', proposed: 'SN-1' })],
      }),
    ]);
    expect(events).toEqual([
      expect.objectContaining({
        trigger: 'webhook',
        decision: 'corrected',
        fields: [{ field: 'serial', intended: 'SN-1', live: 'SN-9' }],
        isDeleted: false,
        error: null,
      }),
    ]);
    expect(decisions).toEqual(['corrected']);
  });

  it('records a failed correction with the instance error', async () => {
    const { sut, job, events } = setUp({
      live: live('SN-9'),
      write: { status: 'failed', error: 'HTTP 400: serial is invalid' },
      drift: { action: 'correct' },
    });
    await expect(sut.checkWebhook(job)).resolves.toBe('failed');
    expect(events[0]).toMatchObject({ decision: 'failed', error: 'HTTP 400: serial is invalid' });
  });

  it('asks an operator by default, proposing the intended values over the live ones', async () => {
    const { sut, job, events, submitted, written } = setUp({ live: live('SN-9') });
    await expect(sut.checkWebhook(job)).resolves.toBe('review');
    expect(written).toEqual([]);
    expect(submitted).toEqual([
      expect.objectContaining({
        connectorId: CONNECTOR,
        source: 'cmdb',
        rule: 'drift',
        fields: [{ field: 'serial', base: 'SN-1', current: 'SN-9', proposed: 'SN-1' }],
        operation: expect.objectContaining({ action: 'update', key: 'edge-1' }),
      }),
    ]);
    expect(events[0]).toMatchObject({ decision: 'review', reviewItemId: 'review-1' });
  });

  it('takes the live values as intended and as baseline under `accept`', async () => {
    const { sut, job, events, accepted, baselinesSaved } = setUp({
      live: live('SN-9'),
      drift: { action: 'accept' },
    });
    await expect(sut.checkWebhook(job)).resolves.toBe('accepted');
    expect(accepted).toEqual([{ serial: 'SN-9' }]);
    expect(baselinesSaved.map((record) => record.attrs['serial'])).toEqual(['SN-9']);
    expect(events[0]).toMatchObject({ decision: 'accepted' });
  });

  it('re-creates a deleted object under `correct`', async () => {
    const { sut, job, events, written } = setUp({ drift: { action: 'correct' } });
    await expect(sut.checkWebhook({ ...job, event: 'deleted' })).resolves.toBe('corrected');
    expect(written).toEqual([
      expect.objectContaining({
        action: 'create',
        key: 'edge-1',
        attrs: { name: 'edge-1', serial: 'SN-1' },
        refs: { location: 'dc1' },
      }),
    ]);
    expect(events[0]).toMatchObject({ isDeleted: true, decision: 'corrected' });
  });

  it('stops intending a deleted object under `accept`', async () => {
    const { sut, job, forgotten, checked } = setUp({ drift: { action: 'accept' } });
    await expect(sut.checkWebhook({ ...job, event: 'deleted' })).resolves.toBe('accepted');
    expect(forgotten).toEqual(['edge-1']);
    expect(checked).toEqual([]);
  });

  it('checks a page of records with keyed reads under the reconciler trigger', async () => {
    const { sut, events } = setUp({ live: live('SN-9') });
    const record = {
      connectorId: CONNECTOR,
      objectType: 'dcim.device',
      objectKey: 'edge-1',
      attrs: { name: 'edge-1', serial: 'SN-1' },
      refs: {},
      source: 'cmdb',
      ingestionId: 'i',
      ingestedAt: new Date(),
      checkedAt: null,
    };
    const decisions = await sut.checkRecords(CONNECTOR, 'dcim.device', [record], 'reconciler', {
      action: 'review',
    });
    expect([...decisions]).toEqual([['edge-1', 'review']]);
    expect(events[0]).toMatchObject({ trigger: 'reconciler', decision: 'review' });
  });
});
