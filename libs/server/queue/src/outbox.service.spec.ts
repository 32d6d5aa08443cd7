import { type ModuleRef } from '@nestjs/core';
import { type OutboxMessageEntity } from '@plumbline/server-database';
import { type OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

function message(id: string): OutboxMessageEntity {
  return {
    id,
    queue: 'system',
    jobName: 'heartbeat',
    payload: { heartbeatId: id },
    correlationId: null,
    createdAt: new Date(),
    dispatchedAt: null,
    attempts: 0,
    lastError: null,
  };
}

function setUp(add: (name: string, data: unknown, options: { jobId: string }) => Promise<unknown>) {
  const pending = [message('m1'), message('m2'), message('m3')];
  const dispatched: string[] = [];
  const failures: Array<[string, string]> = [];
  const repository = {
    findPending: () => Promise.resolve(pending),
    markDispatched: (id: string) => Promise.resolve(void dispatched.push(id)),
    recordFailure: (id: string, reason: string) =>
      Promise.resolve(void failures.push([id, reason])),
  } as unknown as OutboxRepository;
  const queue = { add };
  const moduleRef = { get: () => queue } as unknown as ModuleRef;
  return { sut: new OutboxService(repository, moduleRef), dispatched, failures, pending };
}

describe(OutboxService.name, () => {
  it('hands each message to its queue with the message id as job id, then marks it sent', async () => {
    const jobs: Array<[string, unknown, string]> = [];
    const { sut, dispatched } = setUp((name, data, options) => {
      jobs.push([name, data, options.jobId]);
      return Promise.resolve({});
    });
    await expect(sut.relayPending()).resolves.toBe(3);
    expect(jobs).toEqual([
      ['heartbeat', { heartbeatId: 'm1' }, 'm1'],
      ['heartbeat', { heartbeatId: 'm2' }, 'm2'],
      ['heartbeat', { heartbeatId: 'm3' }, 'm3'],
    ]);
    expect(dispatched).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps a message pending, with the reason, when Redis refuses it, and stops the round', async () => {
    let calls = 0;
    const { sut, dispatched, failures } = setUp(() => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error('Connection is closed.')) : Promise.resolve({});
    });
    await expect(sut.relayPending()).resolves.toBe(1);
    expect(dispatched).toEqual(['m1']);
    expect(failures).toEqual([['m2', 'Connection is closed.']]);
    expect(calls).toBe(2);
  });

  it('gives up on a queue that does not answer instead of hanging the caller', async () => {
    jest.useFakeTimers();
    try {
      const { sut, failures, pending } = setUp(() => new Promise(() => undefined));
      const result = sut.dispatch(pending[0]!);
      await jest.advanceTimersByTimeAsync(2_001);
      await expect(result).resolves.toBe(false);
      expect(failures).toEqual([['m1', 'timed out after 2000 ms']]);
    } finally {
      jest.useRealTimers();
    }
  });
});
