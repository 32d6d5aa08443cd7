import { ConcurrencyLimiter } from './concurrency-limiter';

/** A task the test finishes by hand. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued promise callbacks run. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(ConcurrencyLimiter.name, () => {
  it('runs at most maxInFlight tasks at once and starts the rest in arrival order', async () => {
    const sut = new ConcurrencyLimiter(2);
    const tasks = [1, 2, 3, 4].map(() => deferred<void>());
    const started: number[] = [];
    const runs = tasks.map((task, index) =>
      sut.run(() => {
        started.push(index + 1);
        return task.promise;
      }),
    );

    await flush();
    expect(started).toEqual([1, 2]);
    expect([sut.inFlight, sut.queued]).toEqual([2, 2]);

    tasks[1]!.resolve();
    await flush();
    expect(started).toEqual([1, 2, 3]);

    tasks[0]!.resolve();
    tasks[2]!.resolve();
    tasks[3]!.resolve();
    await Promise.all(runs);
    expect(started).toEqual([1, 2, 3, 4]);
    expect([sut.inFlight, sut.queued]).toEqual([0, 0]);
  });

  it('frees the slot when a task fails', async () => {
    const sut = new ConcurrencyLimiter(1);

    await expect(sut.run(() => Promise.reject(new Error('422')))).rejects.toThrow('422');

    expect(sut.inFlight).toBe(0);
    await expect(sut.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('does not let a newcomer overtake the queue when a slot frees', async () => {
    const sut = new ConcurrencyLimiter(1);
    const releaseFirst = await sut.acquire();
    const order: string[] = [];
    const queued = sut.acquire().then((release) => {
      order.push('queued');
      release();
    });

    releaseFirst();
    const newcomer = sut.acquire().then((release) => {
      order.push('newcomer');
      release();
    });
    await Promise.all([queued, newcomer]);

    expect(order).toEqual(['queued', 'newcomer']);
  });

  it('ignores a second release of the same slot', async () => {
    const sut = new ConcurrencyLimiter(2);
    const release = await sut.acquire();
    await sut.acquire();

    release();
    release();

    expect(sut.inFlight).toBe(1);
  });

  it('takes an aborted waiter out of the queue', async () => {
    const sut = new ConcurrencyLimiter(1);
    const releaseFirst = await sut.acquire();
    const controller = new AbortController();
    const abandoned = sut.acquire(controller.signal);
    const next = sut.acquire();

    controller.abort(new Error('sync run cancelled'));

    await expect(abandoned).rejects.toThrow('sync run cancelled');
    expect(sut.queued).toBe(1);
    releaseFirst();
    await expect(next).resolves.toEqual(expect.any(Function));
    expect(sut.inFlight).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const sut = new ConcurrencyLimiter(1);

    await expect(sut.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(sut.inFlight).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxInFlight %p', (maxInFlight) => {
    expect(() => new ConcurrencyLimiter(maxInFlight)).toThrow(
      /maxInFlight must be an integer >= 1/,
    );
  });
});
