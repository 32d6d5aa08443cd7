import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { type Bucket, RedisRateLimiter } from './redis-rate-limiter';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';

describe(RedisRateLimiter.name, () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `plumbline-test:rl:${randomUUID()}`;
  const sut = new RedisRateLimiter(redis);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const bucket = (name: string, burstSize: number, requestsPerMinute: number): Bucket => ({
    scope: name,
    key: `${prefix}:${name}`,
    burstSize,
    requestsPerMinute,
  });

  it('admits a burst, then refuses with the wait until the next token', async () => {
    const limits = [bucket('burst', 3, 60)];
    const decisions = [];
    for (let round = 0; round < 4; round += 1) decisions.push(await sut.take(limits));
    expect(decisions.map((decision) => decision.isAdmitted)).toEqual([true, true, true, false]);
    expect(decisions[2]).toMatchObject({ limit: 3, remaining: 0 });
    const refused = decisions[3]!;
    if (refused.isAdmitted) throw new Error('expected a refusal');
    expect(refused.refusedBy.scope).toBe('burst');
    expect(refused.retryAfterSeconds).toBe(1);
  });

  it('refills at the configured rate', async () => {
    const limits = [bucket('refill', 1, 600)]; // one token every 100 ms
    expect((await sut.take(limits)).isAdmitted).toBe(true);
    expect((await sut.take(limits)).isAdmitted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await sut.take(limits)).isAdmitted).toBe(true);
  });

  it('charges no bucket when one of them refuses: all or nothing', async () => {
    const roomy = bucket('roomy', 10, 1);
    const tight = bucket('tight', 1, 1);
    expect((await sut.take([roomy, tight])).isAdmitted).toBe(true);
    for (let round = 0; round < 5; round += 1) {
      const decision = await sut.take([roomy, tight]);
      expect(decision.isAdmitted).toBe(false);
      if (!decision.isAdmitted) expect(decision.refusedBy.scope).toBe('tight');
    }
    // Only the admitted request took from the roomy bucket.
    expect(await sut.take([roomy])).toMatchObject({ isAdmitted: true, remaining: 8 });
  });

  it('stays exact under concurrent callers on separate connections', async () => {
    const limits = [bucket('concurrent', 25, 1)];
    const clients = Array.from({ length: 5 }, () => new Redis(REDIS_URL));
    try {
      const limiters = clients.map((client) => new RedisRateLimiter(client));
      const decisions = await Promise.all(
        Array.from({ length: 60 }, (_unused, index) => limiters[index % 5]!.take(limits)),
      );
      expect(decisions.filter((decision) => decision.isAdmitted)).toHaveLength(25);
    } finally {
      clients.forEach((client) => client.disconnect());
    }
  });
});
