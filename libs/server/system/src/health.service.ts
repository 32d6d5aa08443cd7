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

const CHECK_TIMEOUT_MS = 1500;

/**
 * Readiness of everything the process needs. Feature modules add their own checks
 * (connectors, for one) with `register`.
 */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly checks = new Map<string, HealthCheck>();
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

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await measure(check)] as const),
    );
    const dependencies = Object.fromEntries(entries);
    const down = entries.filter(([, health]) => health.status === 'down').map(([name]) => name);
    return {
      status: down.length === 0 ? 'up' : 'down',
      checkedAt: new Date().toISOString(),
      down,
      dependencies,
    };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

async function measure(check: HealthCheck): Promise<DependencyHealth> {
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
