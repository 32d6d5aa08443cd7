import { Logger } from '@nestjs/common';
import { type MappedAdapter } from '@plumbline/connector-http';
import { type ConnectorTargets } from '@plumbline/server-changes';
import { type ConnectorsService } from '@plumbline/server-connectors';
import { type OutboxMessageEntity } from '@plumbline/server-database';
import { type OutboxService } from '@plumbline/server-queue';
import netboxUpdated from './fixtures/netbox-4.7-device-updated.json';
import { type WebhookMetrics } from './drift-metrics';
import { WebhookSignatureError } from './drift.errors';
import { type IngestedRecordsRepository } from './ingested-records.repository';
import { signWebhookBody } from './webhook-signature';
import { WebhooksService } from './webhooks.service';

function setUp(options: { ingestedKey?: string | null; endpointType?: string } = {}) {
  const queued: unknown[] = [];
  const dispatched: string[] = [];
  const outcomes: string[] = [];
  const connectors = {
    webhookSecretsFor: () =>
      Promise.resolve([
        { connector: { id: 'c-other', name: 'netbox-b' }, secret: 'another-secret-1' },
        { connector: { id: 'c-1', name: 'netbox-a' }, secret: netboxUpdated.secret },
      ]),
  } as unknown as ConnectorsService;
  const adapter = {
    options: { idKey: 'netbox' },
    typeAtEndpoint: () => ('endpointType' in options ? options.endpointType : 'dcim.device'),
  } as unknown as MappedAdapter;
  const targets = {
    sharedAdapterFor: () => Promise.resolve(adapter),
  } as unknown as ConnectorTargets;
  const ingested = {
    keyOfPeerId: () =>
      Promise.resolve(options.ingestedKey === undefined ? 'edge-1' : options.ingestedKey),
    transaction: <T>(work: (manager: unknown) => Promise<T>) => work({}),
  } as unknown as IngestedRecordsRepository;
  const outbox = {
    enqueue: (_manager: unknown, queue: string, job: string, payload: unknown) => {
      queued.push({ queue, job, payload });
      return Promise.resolve({ id: 'm-1' } as OutboxMessageEntity);
    },
    dispatch: (message: OutboxMessageEntity) => Promise.resolve(dispatched.push(message.id) > 0),
  } as unknown as OutboxService;
  const metrics = {
    count: (_kind: string, outcome: string) => outcomes.push(outcome),
  } as unknown as WebhookMetrics;
  const sut = new WebhooksService(connectors, targets, ingested, outbox, metrics);
  return { sut, queued, dispatched, outcomes };
}

const body = Buffer.from(netboxUpdated.body, 'utf8');
const delivery = {
  kind: 'netbox' as const,
  body,
  signature: netboxUpdated.signature,
  connectorName: undefined,
  remoteAddress: '198.18.0.1',
  correlationId: 'req-1',
};

describe(WebhooksService.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  it('queues a drift check of the one object a signed NetBox delivery names, and dispatches it', async () => {
    const { sut, queued, dispatched, outcomes } = setUp();
    const result = await sut.receive(delivery);
    expect(result).toEqual({
      statusCode: 202,
      answer: {
        status: 'queued',
        reason: null,
        connectorId: 'c-1',
        objectType: 'dcim.device',
        objectKey: 'edge-1',
      },
    });
    expect(queued).toEqual([
      {
        queue: 'drift',
        job: 'drift.check',
        payload: expect.objectContaining({
          connectorId: 'c-1',
          objectKey: 'edge-1',
          peerId: 1,
          endpoint: 'dcim/devices/',
          event: 'updated',
          correlationId: 'req-1',
        }),
      },
    ]);
    expect(dispatched).toEqual(['m-1']);
    expect(outcomes).toEqual(['queued']);
  });

  it.each([
    ['missing', undefined, /header is missing/],
    ['wrong', signWebhookBody(body, 'guessed-secret'), /does not match/],
  ])('refuses a %s signature, counts it and queues nothing', async (_case, signature, reason) => {
    const { sut, queued, outcomes } = setUp();
    const error = await sut.receive({ ...delivery, signature }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect((error as Error).message).toMatch(reason);
    expect(queued).toEqual([]);
    expect(outcomes).toEqual(['unauthorized']);
  });

  it('refuses a body changed after signing', async () => {
    const { sut, queued } = setUp();
    const altered = Buffer.from(netboxUpdated.body.replace('"updated"', '"deleted"'));
    await expect(sut.receive({ ...delivery, body: altered })).rejects.toThrow(
      WebhookSignatureError,
    );
    expect(queued).toEqual([]);
  });

  it('checks only the named connector when ?connector= is given', async () => {
    const { sut } = setUp();
    await expect(sut.receive({ ...delivery, connectorName: 'netbox-b' })).rejects.toThrow(
      WebhookSignatureError,
    );
    await expect(sut.receive({ ...delivery, connectorName: 'netbox-a' })).resolves.toMatchObject({
      statusCode: 202,
    });
  });

  it('acknowledges objects never ingested and types Plumbline does not track, with a reason', async () => {
    const never = setUp({ ingestedKey: null });
    await expect(never.sut.receive(delivery)).resolves.toEqual({
      statusCode: 200,
      answer: expect.objectContaining({
        status: 'ignored',
        reason: 'dcim.device 1 was never ingested for this connector',
      }),
    });
    const untracked = setUp({ endpointType: undefined });
    await expect(untracked.sut.receive(delivery)).resolves.toMatchObject({
      statusCode: 200,
      answer: { status: 'ignored', reason: 'dcim.device is not a type Plumbline tracks' },
    });
    expect([...never.queued, ...untracked.queued]).toEqual([]);
  });
});
