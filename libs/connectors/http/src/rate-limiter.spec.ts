import { RateLimiter, type RateLimiterOptions } from './rate-limiter';

describe(RateLimiter.name, () => {
  let nowMs: number;
  let sleeps: number[];

  function createSut(options: Partial<RateLimiterOptions> = {}): RateLimiter {
    return new RateLimiter({
      ratePerSecond: 10,
      now: () => nowMs,
      // A fake sleep moves the fake clock, so waits cost no real time.
      sleep: (ms) => {
        sleeps.push(ms);
        nowMs += ms;
        return Promise.resolve();
      },
      ...options,
    });
  }

  beforeEach(() => {
    nowMs = 0;
    sleeps = [];
  });

  it('allows a burst of one second worth by default, then refuses', () => {
    const sut = createSut();

    const granted = Array.from({ length: 12 }, () => sut.tryAcquire());

    expect(granted.filter(Boolean)).toHaveLength(10);
    expect(granted.slice(10)).toEqual([false, false]);
  });

  it('refills at the configured rate', () => {
    const sut = createSut({ burst: 1 });
    expect(sut.tryAcquire()).toBe(true);

    nowMs += 99;
    expect(sut.tryAcquire()).toBe(false);
    nowMs += 1;
    expect(sut.tryAcquire()).toBe(true);
  });

  it('never stores more than the burst, however long it was idle', () => {
    const sut = createSut({ burst: 3 });

    nowMs += 60_000;

    expect(sut.availableTokens).toBe(3);
  });

  it('spaces waiting callers in arrival order without polling', async () => {
    // Here the callers wait side by side, so sleeping must not move the shared clock.
    const sut = createSut({
      ratePerSecond: 20,
      burst: 2,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    const order: number[] = [];

    await Promise.all(
      [1, 2, 3, 4, 5].map(async (caller) => {
        await sut.acquire();
        order.push(caller);
      }),
    );

    expect(order).toEqual([1, 2, 3, 4, 5]);
    // Two from the burst at once, then one every 50 ms after that.
    expect(sleeps).toEqual([50, 100, 150]);
  });

  it('keeps the long-run rate at 20 per second, the cap a NetBox peer tolerates', async () => {
    const sut = createSut({ ratePerSecond: 20, burst: 1 });
    const start = nowMs;

    for (let request = 0; request < 101; request += 1) await sut.acquire();

    expect(nowMs - start).toBe(5_000);
  });

  it('does not let tryAcquire jump ahead of callers waiting on credit', () => {
    const sut = createSut({ burst: 1 });
    sut.reserve();
    expect(sut.reserve()).toBe(100);

    nowMs += 100;

    expect(sut.tryAcquire()).toBe(false);
  });

  it('is not drained by a clock that steps back', () => {
    const sut = createSut({ burst: 2 });
    nowMs -= 5_000;

    expect(sut.tryAcquire()).toBe(true);
    expect(sut.tryAcquire()).toBe(true);
  });

  it('waits for real with the default sleep, briefly', async () => {
    const sut = new RateLimiter({ ratePerSecond: 500, burst: 1 });
    const started = Date.now();

    await sut.acquire();
    await sut.acquire();

    expect(Date.now() - started).toBeGreaterThanOrEqual(1);
  });

  it.each<[string, Partial<RateLimiterOptions>, RegExp]>([
    ['a zero rate', { ratePerSecond: 0 }, /ratePerSecond must be a finite number > 0/],
    ['an infinite rate', { ratePerSecond: Infinity }, /ratePerSecond must be/],
    ['a burst below one', { burst: 0.5 }, /burst must be a finite number >= 1/],
  ])('rejects %s', (_case, options, message) => {
    expect(() => createSut(options)).toThrow(message);
  });
});
