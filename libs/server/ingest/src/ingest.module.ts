import { Module } from '@nestjs/common';
import { ChangesModule, ConnectorTargetsModule } from '@plumbline/server-changes';
import { PoliciesModule } from '@plumbline/server-policies';
import { QueueModule } from '@plumbline/server-queue';
import { IngestRecoveryService } from './ingest-recovery.service';
import { IngestRunner } from './ingest-runner.service';
import { IngestController } from './ingest.controller';
import { IngestMetrics } from './ingest.metrics';
import { IngestProcessor } from './ingest.processor';
import { IngestService } from './ingest.service';
import { IngestionsRepository } from './ingestions.repository';

/** HTTP side: accepts ingestions, reports their outcomes and the sync status. */
@Module({
  imports: [QueueModule, PoliciesModule],
  controllers: [IngestController],
  providers: [IngestionsRepository, IngestService, IngestMetrics],
})
export class IngestApiModule {}

/** Worker side: applies ingestions and finds the ones whose job was lost. */
@Module({
  imports: [QueueModule, PoliciesModule, ChangesModule, ConnectorTargetsModule],
  providers: [
    IngestionsRepository,
    IngestRunner,
    IngestProcessor,
    IngestRecoveryService,
    IngestMetrics,
  ],
})
export class IngestWorkerModule {}
