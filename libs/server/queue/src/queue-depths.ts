import { getQueueToken } from '@nestjs/bull';
import { type ModuleRef } from '@nestjs/core';
import { type Queue } from 'bull';
import { QUEUE, type QueueName } from './queue-names';
import { withTimeout } from './with-timeout';

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Jobs per state of every queue; a queue whose Redis does not answer in time is left out. */
export async function readQueueDepths(
  moduleRef: ModuleRef,
  timeoutMs = 2000,
): Promise<Partial<Record<QueueName, QueueDepth>>> {
  const depths: Partial<Record<QueueName, QueueDepth>> = {};
  for (const name of Object.values(QUEUE)) {
    const queue = moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    const counts = await withTimeout(queue.getJobCounts(), timeoutMs).catch(() => undefined);
    if (counts) {
      const { waiting, active, delayed, failed } = counts;
      depths[name] = { waiting, active, delayed, failed };
    }
  }
  return depths;
}
