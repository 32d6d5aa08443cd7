import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule } from '@plumbline/server-config';
import { DatabaseModule } from '@plumbline/server-database';
import { ConnectorTargets, ConnectorTargetsModule } from '@plumbline/server-changes';
import { DriftWorkerModule } from '@plumbline/server-drift';
import { IngestWorkerModule } from '@plumbline/server-ingest';
import {
  MetricsModule,
  ObservabilityLoggerModule,
  WorkerMetricsServer,
} from '@plumbline/server-observability';
import { REVIEW_TARGETS, ReviewsModule } from '@plumbline/server-reviews';
import { SystemWorkerModule } from '@plumbline/server-system';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      providers: [WorkerMetricsServer],
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot('worker'),
        MetricsModule,
        DatabaseModule,
        SystemWorkerModule,
        ReviewsModule.forRoot({
          imports: [ConnectorTargetsModule],
          targets: { provide: REVIEW_TARGETS, useExisting: ConnectorTargets },
        }),
        IngestWorkerModule,
        DriftWorkerModule,
      ],
    };
  }
}
