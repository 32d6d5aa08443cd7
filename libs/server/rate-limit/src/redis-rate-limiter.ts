import { type BucketLimit } from '@plumbline/server-config';
import type Redis from 'ioredis';
import { TOKEN_BUCKET_SCRIPT } from './token-bucket.lua';

export interface Bucket extends BucketLimit {
  /** What the bucket limits, for the metric and the log: `global`, `client`, `endpoint`. */
  scope: string;
  key: string;
}

export type RateDecision =
  | {
      isAdmitted: true;
      /** The emptiest bucket after this request, for the RateLimit-* headers. */
      limit: number;
      remaining: number;
      resetSeconds: number;
    }
  | {
      isAdmitted: false;
      refusedBy: Bucket;
      retryAfterSeconds: number;
      limit: number;
      resetSeconds: number;
    };

const SCRIPT_NAME = 'plumblineTakeTokens';

type ScriptClient = Redis & {
  [SCRIPT_NAME]: (...args: Array<string | number>) => Promise<number[]>;
};

/** Token buckets in Redis, shared by every api instance; all of a request's buckets at once. */
export class RedisRateLimiter {
  private readonly client: ScriptClient;

  constructor(redis: Redis) {
    if (!(SCRIPT_NAME in redis)) {
      redis.defineCommand(SCRIPT_NAME, { lua: TOKEN_BUCKET_SCRIPT });
    }
    this.client = redis as ScriptClient;
  }

  async take(buckets: readonly Bucket[]): Promise<RateDecision> {
    const args: Array<string | number> = [buckets.length, ...buckets.map((bucket) => bucket.key)];
    for (const bucket of buckets) args.push(bucket.burstSize, bucket.requestsPerMinute / 60_000);
    const [admitted, refused, retryMs, remaining, lowest, fullInMs] = await this.client[
      SCRIPT_NAME
    ](...args);
    const tightest = buckets[(lowest ?? 1) - 1] ?? buckets[0]!;
    const resetSeconds = Math.max(0, Math.ceil((fullInMs ?? 0) / 1000));
    if (admitted === 1) {
      return {
        isAdmitted: true,
        limit: tightest.burstSize,
        remaining: Math.max(0, remaining ?? 0),
        resetSeconds,
      };
    }
    const refusedBy = buckets[(refused ?? 1) - 1] ?? buckets[0]!;
    return {
      isAdmitted: false,
      refusedBy,
      retryAfterSeconds: Math.max(1, Math.ceil((retryMs ?? 1000) / 1000)),
      limit: refusedBy.burstSize,
      resetSeconds,
    };
  }
}
