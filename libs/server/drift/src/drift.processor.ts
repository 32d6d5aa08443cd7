import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { type DriftCheckJob, type DriftReconcileJob, JOB, QUEUE } from '@plumbline/server-queue';
import { type Job } from 'bull';
import { DriftCheckService } from './drift-check.service';
import { DriftReconcilerService } from './drift-reconciler.service';

@Processor(QUEUE.drift)
export class DriftProcessor {
  private readonly logger = new Logger(DriftProcessor.name);

  constructor(
    private readonly drift: DriftCheckService,
    private readonly reconciler: DriftReconcilerService,
  ) {}

  @Process(JOB.driftCheck)
  async check(job: Job<DriftCheckJob>): Promise<void> {
    await this.drift.checkWebhook(job.data);
  }

  @Process(JOB.driftReconcile)
  async reconcile(job: Job<DriftReconcileJob>): Promise<void> {
    const checked = await this.reconciler.reconcile();
    if (Object.keys(checked).length > 0) {
      this.logger.log({ jobId: job.id, checked }, 'reconciliation tick done');
    }
  }
}
