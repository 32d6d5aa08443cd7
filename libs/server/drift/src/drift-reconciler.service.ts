import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { connectorRegistry } from '@plumbline/connector-http';
import { driftPolicyOf } from '@plumbline/policy';
import { type IngestedRecordEntity } from '@plumbline/server-database';
import { PoliciesService } from '@plumbline/server-policies';
import { JOB, QUEUE } from '@plumbline/server-queue';
import { type Queue } from 'bull';
import { DriftCheckService } from './drift-check.service';
import { DriftMetrics } from './drift-metrics';
import { IngestedRecordsRepository } from './ingested-records.repository';

/** How often the reconciler looks for due records. */
export const RECONCILE_TICK_MS = 15_000;
/** Fixed id of the repeatable tick: a restarted worker finds it instead of adding another. */
export const RECONCILE_JOB_ID = 'drift-reconciler';
/** Ingested records read and compared per round trip. */
export const RECONCILE_PAGE_SIZE = 200;
/** Pages per type and tick, so one big type cannot hold the queue for long. */
export const RECONCILE_MAX_PAGES = 25;

function byConnector(
  records: readonly IngestedRecordEntity[],
): Map<string, IngestedRecordEntity[]> {
  const groups = new Map<string, IngestedRecordEntity[]>();
  for (const record of records) {
    groups.set(record.connectorId, [...(groups.get(record.connectorId) ?? []), record]);
  }
  return groups;
}

/**
 * Periodic drift checks: each tick, for every type whose policy sets
 * `drift.reconcile_interval`, the ingested records not checked within that interval are
 * compared with the instance, a page at a time.
 */
@Injectable()
export class DriftReconcilerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DriftReconcilerService.name);

  constructor(
    @InjectQueue(QUEUE.drift) private readonly queue: Queue,
    private readonly drift: DriftCheckService,
    private readonly ingested: IngestedRecordsRepository,
    private readonly policies: PoliciesService,
    private readonly metrics: DriftMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.schedule();
    } catch (error) {
      // Redis away at start-up: the worker still serves; the next start schedules the tick.
      this.logger.warn({ reason: (error as Error).message }, 'reconciler tick not scheduled');
    }
  }

  /** One repeatable job with a fixed id and period; ticks of another period are removed. */
  async schedule(): Promise<void> {
    for (const repeatable of await this.queue.getRepeatableJobs()) {
      if (
        repeatable.name === JOB.driftReconcile &&
        Number(repeatable.every) !== RECONCILE_TICK_MS
      ) {
        await this.queue.removeRepeatableByKey(repeatable.key);
      }
    }
    await this.queue.add(
      JOB.driftReconcile,
      { tick: true },
      {
        jobId: RECONCILE_JOB_ID,
        repeat: { every: RECONCILE_TICK_MS },
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  /** Checks what is due now; returns how many records were compared per type. */
  async reconcile(): Promise<Record<string, number>> {
    const checked: Record<string, number> = {};
    for (const policy of (await this.policies.currentSet()).policies) {
      const drift = driftPolicyOf(policy);
      const interval = drift.reconcile_interval;
      if (interval === undefined || !connectorRegistry.has(policy.object_type)) continue;
      const startedAt = performance.now();
      const before = new Date(Date.now() - interval * 1000);
      let count = 0;
      for (let page = 0; page < RECONCILE_MAX_PAGES; page += 1) {
        const due = await this.ingested.findDue(policy.object_type, before, RECONCILE_PAGE_SIZE);
        if (due.length === 0) break;
        let isComplete = true;
        for (const [connectorId, records] of byConnector(due)) {
          try {
            await this.drift.checkRecords(
              connectorId,
              policy.object_type,
              records,
              'reconciler',
              drift,
            );
            count += records.length;
          } catch (error) {
            // The instance did not answer: its records stay due for the next tick.
            isComplete = false;
            this.logger.warn(
              { connectorId, objectType: policy.object_type, reason: (error as Error).message },
              'reconciliation of a connector failed',
            );
          }
        }
        if (!isComplete || due.length < RECONCILE_PAGE_SIZE) break;
      }
      if (count > 0) {
        checked[policy.object_type] = count;
        this.metrics.observeReconciliation(
          policy.object_type,
          (performance.now() - startedAt) / 1000,
        );
      }
    }
    return checked;
  }
}
