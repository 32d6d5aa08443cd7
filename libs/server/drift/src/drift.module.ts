import { Module } from '@nestjs/common';
import { ConnectorTargetsModule } from '@plumbline/server-changes';
import { ConnectorsModule } from '@plumbline/server-connectors';
import { PoliciesModule } from '@plumbline/server-policies';
import { QueueModule } from '@plumbline/server-queue';
import { DriftCheckService } from './drift-check.service';
import { DriftEventsRepository } from './drift-events.repository';
import { DriftMetrics, WebhookMetrics } from './drift-metrics';
import { DriftReconcilerService } from './drift-reconciler.service';
import { DriftController } from './drift.controller';
import { DriftProcessor } from './drift.processor';
import { DriftService } from './drift.service';
import { IngestedRecordsRepository } from './ingested-records.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** HTTP side: webhook deliveries and the drift events. */
@Module({
  imports: [QueueModule, ConnectorsModule, ConnectorTargetsModule],
  controllers: [WebhooksController, DriftController],
  providers: [
    DriftEventsRepository,
    DriftService,
    IngestedRecordsRepository,
    WebhookMetrics,
    WebhooksService,
  ],
})
export class DriftApiModule {}

/**
 * Worker side: the `drift` queue (webhook checks and the reconciler's ticks). Needs the
 * review queue (ReviewsModule.forRoot) in the same process for the `review` decision.
 */
@Module({
  imports: [QueueModule, ConnectorTargetsModule, PoliciesModule],
  providers: [
    DriftCheckService,
    DriftEventsRepository,
    DriftMetrics,
    DriftProcessor,
    DriftReconcilerService,
    IngestedRecordsRepository,
  ],
})
export class DriftWorkerModule {}
