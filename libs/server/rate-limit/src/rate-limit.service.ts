import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  buildIpWhitelist,
  loadRateLimits,
  type RateLimits,
} from '@plumbline/server-config';
import { MetricsService } from '@plumbline/server-observability';
import Redis from 'ioredis';
import { Counter } from 'prom-client';
import { bucketsFor, type LimitedRequest } from './rate-limit-buckets';
import { type RateDecision, RedisRateLimiter } from './redis-rate-limiter';

/** A request without limits, or one admitted while Redis was unreachable. */
export type RateLimitOutcome = RateDecision | { isAdmitted: true; isUnlimited: true };

/**
 * Decides whether a request may proceed, from buckets shared by every api instance in
 * Redis. When Redis cannot answer, requests go through: a Redis blip must not take the
 * API down with it. The outage is logged once, and again after it ends.
 */
@Injectable()
export class RateLimitService implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly limits: RateLimits;
  private readonly isWhitelisted: (ip: string) => boolean;
  private readonly redis: Redis;
  private readonly limiter: RedisRateLimiter;
  private readonly keyPrefix: string;
  private readonly refusals: Counter<'scope'>;
  private isRedisDown = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig, metrics: MetricsService) {
    this.limits = loadRateLimits(config.RATE_LIMITS_FILE);
    this.isWhitelisted = buildIpWhitelist(this.limits.whitelistIps);
    this.keyPrefix = `${config.QUEUE_PREFIX}:ratelimit`;
    this.redis = new Redis(config.REDIS_URL, {
      // Fail fast instead of queueing: a waiting request is worse than an unlimited one.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', () => undefined);
    this.limiter = new RedisRateLimiter(this.redis);
    this.refusals = new Counter({
      name: 'plumbline_rate_limited_total',
      help: 'Requests refused with 429, by the bucket that refused them (global, client, endpoint).',
      labelNames: ['scope'] as const,
      registers: [metrics.registry],
    });
  }

  async check(request: LimitedRequest): Promise<RateLimitOutcome> {
    const buckets = bucketsFor(request, this.limits, this.keyPrefix, this.isWhitelisted);
    if (buckets.length === 0) return { isAdmitted: true, isUnlimited: true };
    let decision: RateDecision;
    try {
      decision = await this.limiter.take(buckets);
    } catch (error) {
      if (!this.isRedisDown) {
        this.isRedisDown = true;
        this.logger.warn(
          { reason: (error as Error).message },
          'rate limits not enforced: Redis is unreachable; requests pass until it is back',
        );
      }
      return { isAdmitted: true, isUnlimited: true };
    }
    if (this.isRedisDown) {
      this.isRedisDown = false;
      this.logger.log('Redis is back: rate limits enforced again');
    }
    if (!decision.isAdmitted) this.refusals.inc({ scope: decision.refusedBy.scope });
    return decision;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
