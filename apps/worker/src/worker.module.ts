import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule } from '@plumbline/server-config';
import { DatabaseModule } from '@plumbline/server-database';
import { ObservabilityLoggerModule } from '@plumbline/server-observability';
import { SystemWorkerModule } from '@plumbline/server-system';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot('worker'),
        DatabaseModule,
        SystemWorkerModule,
      ],
    };
  }
}
