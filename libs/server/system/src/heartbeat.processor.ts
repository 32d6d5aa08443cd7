import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { type HeartbeatJob, JOB, QUEUE } from '@plumbline/server-queue';
import { type Job } from 'bull';
import { hostname } from 'node:os';
import { HeartbeatRepository } from './heartbeat.repository';

export const WORKER_ID = `${hostname()}:${process.pid}`;

@Processor(QUEUE.system)
export class HeartbeatProcessor {
  private readonly logger = new Logger(HeartbeatProcessor.name);

  constructor(private readonly heartbeats: HeartbeatRepository) {}

  @Process(JOB.heartbeat)
  async handle(job: Job<HeartbeatJob>): Promise<void> {
    const { heartbeatId, correlationId } = job.data;
    const isFirstDelivery = await this.heartbeats.markProcessed(heartbeatId, WORKER_ID);
    this.logger.log(
      { heartbeatId, correlationId, jobId: job.id, isFirstDelivery },
      'heartbeat recorded',
    );
  }
}
