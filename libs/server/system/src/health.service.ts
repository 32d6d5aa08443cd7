import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  type DependencyHealthDto as DependencyHealth,
  type ReadinessReportDto as ReadinessReport,
} from './dto/health.dto';

export type HealthCheck = () => Promise<void>;

/** Checks that change at run time (one per configured connector, say). */
export type HealthCheckProvider = () => Promise<Array<{ name: string; check: HealthCheck }>>;

// Long enough for a connector's status endpoint, short enough for a load balancer's probe.
const CHECK_TIMEOUT_MS = 3000;

/**
 * Readiness of everything the process needs. Feature modules add their own checks
 * (connectors, for one) with `register`.
 */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly optionalProviders: HealthCheckProvider[] = [];
  // Its own connection that fails fast instead of queueing commands while Redis is away.
  private readonly redis: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CHECK_TIMEOUT_MS,
      retryStrategy: () => 1000,
      lazyConnect: false,
    });
    this.redis.on('error', () => undefined); // reported through the check, not as a crash
    this.register('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
    this.register('redis', async () => {
      await this.redis.ping();
    });
  }

  /** A dependency the process cannot work without: when it is down, readiness is 503. */
  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /**
   * Dependencies reported but not required: when one is down readiness says `degraded`
   * and stays 200, since taking this process out of service would not bring them back.
   */
  registerOptional(provider: HealthCheckProvider): void {
    this.optionalProviders.push(provider);
  }

  async readiness(): Promise<ReadinessReport> {
    const optional = (
      await Promise.all(this.optionalProviders.map((provider) => provider()))
    ).flat();
    const planned = [
      ...[...this.checks].map(([name, check]) => ({ name, check, isCritical: true })),
      ...optional.map(({ name, check }) => ({ name, check, isCritical: false })),
    ];
    const entries = await Promise.all(
      planned.map(
        async ({ name, check, isCritical }) =>
          [name, { ...(await measure(check)), isCritical }] as const,
      ),
    );
    const down = entries.filter(([, health]) => health.status === 'down');
    const isCriticalDown = down.some(([, health]) => health.isCritical);
    return {
      status: isCriticalDown ? 'down' : down.length > 0 ? 'degraded' : 'up',
      checkedAt: new Date().toISOString(),
      down: down.map(([name]) => name),
      dependencies: Object.fromEntries(entries),
    };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

async function measure(check: HealthCheck): Promise<Omit<DependencyHealth, 'isCritical'>> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: elapsed(startedAt) };
  } catch (error) {
    return { status: 'down', latencyMs: elapsed(startedAt), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 100) / 100;
}
