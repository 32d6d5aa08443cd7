import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemHeartbeatEntity } from '@plumbline/server-database';
import { OutboxRelayService, QueueModule } from '@plumbline/server-queue';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { HeartbeatController } from './heartbeat.controller';
import { HeartbeatProcessor } from './heartbeat.processor';
import { HeartbeatRepository } from './heartbeat.repository';
import { HeartbeatService } from './heartbeat.service';

/** HTTP side: health, readiness and heartbeat requests. */
@Module({
  imports: [QueueModule, TypeOrmModule.forFeature([SystemHeartbeatEntity])],
  controllers: [HealthController, HeartbeatController],
  providers: [HealthService, HeartbeatRepository, HeartbeatService],
  exports: [HealthService],
})
export class SystemApiModule {}

/** Worker side: records heartbeats and relays the outbox to Redis. */
@Module({
  imports: [QueueModule, TypeOrmModule.forFeature([SystemHeartbeatEntity])],
  providers: [HeartbeatRepository, HeartbeatProcessor, OutboxRelayService],
})
export class SystemWorkerModule {}
