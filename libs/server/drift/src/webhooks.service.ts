import { Injectable, Logger } from '@nestjs/common';
import { ConnectorTargets } from '@plumbline/server-changes';
import { ConnectorsService } from '@plumbline/server-connectors';
import { type ConnectorKind } from '@plumbline/server-database';
import { JOB, OutboxService, QUEUE } from '@plumbline/server-queue';
import { WebhookMetrics } from './drift-metrics';
import { WebhookBodyError, WebhookSignatureError } from './drift.errors';
import { type WebhookAnswerDto } from './dto/drift.dto';
import { IngestedRecordsRepository } from './ingested-records.repository';
import { parseWebhookPayload } from './webhook-payload';
import { isValidWebhookSignature } from './webhook-signature';

export interface WebhookDelivery {
  kind: ConnectorKind;
  /** The request body exactly as received: what the signature covers. */
  body: Buffer;
  signature: string | undefined;
  /** `?connector=<name>`: check only that connector's secret. */
  connectorName: string | undefined;
  remoteAddress: string | undefined;
  correlationId: string | null;
}

export interface WebhookResult {
  statusCode: 200 | 202;
  answer: WebhookAnswerDto;
}

function ignored(reason: string, connectorId: string | null = null): WebhookResult {
  return {
    statusCode: 200,
    answer: { status: 'ignored', reason, connectorId, objectType: null, objectKey: null },
  };
}

/**
 * Webhooks of NetBox event rules and Nautobot webhooks: the signature names the connector,
 * the body names one object, and a drift check of that object is queued through the outbox
 * (committed, then handed to Redis at once). Objects Plumbline never ingested are ignored.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly connectors: ConnectorsService,
    private readonly targets: ConnectorTargets,
    private readonly ingested: IngestedRecordsRepository,
    private readonly outbox: OutboxService,
    private readonly metrics: WebhookMetrics,
  ) {}

  async receive(delivery: WebhookDelivery): Promise<WebhookResult> {
    const receivedAt = new Date().toISOString();
    const connector = await this.authenticate(delivery);
    let body: unknown;
    try {
      body = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      this.metrics.count(delivery.kind, 'invalid');
      throw new WebhookBodyError();
    }
    const parsed = parseWebhookPayload(delivery.kind, body);
    if (!parsed.isRelevant) return this.ignore(delivery.kind, parsed.reason, connector.id);
    const { object } = parsed;
    const adapter = await this.targets.sharedAdapterFor(connector.id);
    const objectType = adapter.typeAtEndpoint(object.endpoint);
    if (objectType === undefined) {
      return this.ignore(
        delivery.kind,
        `${object.model} is not a type Plumbline tracks`,
        connector.id,
      );
    }
    const objectKey = await this.ingested.keyOfPeerId(
      connector.id,
      objectType,
      adapter.options.idKey,
      object.peerId,
    );
    if (objectKey === null) {
      return this.ignore(
        delivery.kind,
        `${objectType} ${String(object.peerId)} was never ingested for this connector`,
        connector.id,
      );
    }
    const message = await this.ingested.transaction((manager) =>
      this.outbox.enqueue(
        manager,
        QUEUE.drift,
        JOB.driftCheck,
        {
          connectorId: connector.id,
          objectType,
          objectKey,
          peerId: object.peerId,
          endpoint: object.endpoint,
          event: object.event,
          receivedAt,
          correlationId: delivery.correlationId,
        },
        delivery.correlationId,
      ),
    );
    void this.outbox.dispatch(message);
    this.metrics.count(delivery.kind, 'queued');
    this.logger.log(
      {
        kind: delivery.kind,
        connectorId: connector.id,
        objectType,
        event: object.event,
        peerRequestId: object.requestId,
        outboxId: message.id,
      },
      'webhook: drift check queued',
    );
    return {
      statusCode: 202,
      answer: { status: 'queued', reason: null, connectorId: connector.id, objectType, objectKey },
    };
  }

  /** The connector whose webhook secret signed the body; every refusal is logged and counted. */
  private async authenticate(delivery: WebhookDelivery): Promise<{ id: string; name: string }> {
    const candidates = (await this.connectors.webhookSecretsFor(delivery.kind)).filter(
      (candidate) =>
        delivery.connectorName === undefined || candidate.connector.name === delivery.connectorName,
    );
    const match = candidates.find((candidate) =>
      isValidWebhookSignature(delivery.body, candidate.secret, delivery.signature),
    );
    if (match) return match.connector;
    const reason =
      candidates.length === 0
        ? `no ${delivery.kind} connector${delivery.connectorName === undefined ? '' : ` named ${delivery.connectorName}`} has a webhook secret`
        : delivery.signature === undefined
          ? 'the X-Hook-Signature header is missing'
          : 'the X-Hook-Signature does not match any connector secret';
    this.metrics.count(delivery.kind, 'unauthorized');
    this.logger.warn(
      {
        kind: delivery.kind,
        connectorName: delivery.connectorName ?? null,
        remoteAddress: delivery.remoteAddress ?? null,
        bodyBytes: delivery.body.length,
        reason,
      },
      'webhook refused',
    );
    throw new WebhookSignatureError(reason);
  }

  private ignore(kind: ConnectorKind, reason: string, connectorId: string): WebhookResult {
    this.metrics.count(kind, 'ignored');
    this.logger.log({ kind, connectorId, reason }, 'webhook ignored');
    return ignored(reason, connectorId);
  }
}
