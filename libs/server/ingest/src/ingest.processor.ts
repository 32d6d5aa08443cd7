import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { type IngestRunJob, JOB, QUEUE } from '@plumbline/server-queue';
import { type Job } from 'bull';
import { IngestRunner } from './ingest-runner.service';

/** Several ingestions at once, so single entities are not stuck behind a 10,000-entity batch. */
export const INGEST_CONCURRENCY = 4;

@Processor(QUEUE.ingest)
export class IngestProcessor {
  private readonly logger = new Logger(IngestProcessor.name);

  constructor(private readonly runner: IngestRunner) {}

  @Process({ name: JOB.ingestRun, concurrency: INGEST_CONCURRENCY })
  async handle(job: Job<IngestRunJob>): Promise<void> {
    const { ingestionId, correlationId } = job.data;
    const startedAt = Date.now();
    const didWork = await this.runner.run(ingestionId);
    this.logger.log(
      { ingestionId, correlationId, jobId: job.id, didWork, ms: Date.now() - startedAt },
      'ingest job finished',
    );
  }
}
