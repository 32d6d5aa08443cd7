import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessageEntity } from '@plumbline/server-database';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { QUEUE } from './queue-names';

const registeredQueues = Object.values(QUEUE).map((name) => ({ name }));

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        url: config.REDIS_URL,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      }),
    }),
    BullModule.registerQueue(...registeredQueues),
    TypeOrmModule.forFeature([OutboxMessageEntity]),
  ],
  providers: [OutboxRepository, OutboxService],
  exports: [BullModule, OutboxService],
})
export class QueueModule {}
