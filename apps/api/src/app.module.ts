import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@plumbline/server-auth';
import { ChangesModule, ConnectorTargets, ConnectorTargetsModule } from '@plumbline/server-changes';
import { ConnectorsModule } from '@plumbline/server-connectors';
import { DriftApiModule } from '@plumbline/server-drift';
import { IngestApiModule } from '@plumbline/server-ingest';
import { PoliciesModule } from '@plumbline/server-policies';
import { RateLimitModule } from '@plumbline/server-rate-limit';
import { REVIEW_TARGETS, ReviewsModule } from '@plumbline/server-reviews';
import { type AppConfig, ConfigModule } from '@plumbline/server-config';
import { DatabaseModule } from '@plumbline/server-database';
import { MetricsModule, ObservabilityLoggerModule } from '@plumbline/server-observability';
import { SystemApiModule } from '@plumbline/server-system';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot('api'),
        MetricsModule,
        DatabaseModule,
        AuthModule,
        RateLimitModule,
        SystemApiModule,
        ConnectorsModule,
        PoliciesModule,
        ChangesModule,
        IngestApiModule,
        DriftApiModule,
        ReviewsModule.forRoot({
          imports: [ConnectorTargetsModule],
          targets: { provide: REVIEW_TARGETS, useExisting: ConnectorTargets },
        }),
      ],
    };
  }
}
