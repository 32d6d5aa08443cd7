import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { runMigrations } from './migration-runner';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: `plumbline-${process.env['PLUMBLINE_PROCESS'] ?? 'app'}`,
        }),
        retryAttempts: 5,
        retryDelay: 2000,
      }),
      // Every process migrates before it serves, under a lock.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
