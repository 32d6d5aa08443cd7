import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorTargetsModule } from '@plumbline/server-changes';
import { ConnectorsModule } from '@plumbline/server-connectors';
import { BaselineEntity, DriftEventEntity, IngestedRecordEntity } from '@plumbline/server-database';
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

const entities = TypeOrmModule.forFeature([DriftEventEntity, IngestedRecordEntity, BaselineEntity]);

/** HTTP side: webhook deliveries and the drift events. */
@Module({
  imports: [QueueModule, ConnectorsModule, ConnectorTargetsModule, entities],
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
  imports: [QueueModule, ConnectorTargetsModule, PoliciesModule, entities],
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
