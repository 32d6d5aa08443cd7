import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const ADMIN_EMAIL = 'admin@plumbline.test';
export const ADMIN_PASSWORD = 'e2e-admin-password-0001';
export const E2E_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString('base64');

export function testDatabaseUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
  return url;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A real redis-server of our own, so a test can stop and start it without touching others. */
export class RedisServer {
  private process: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  get isRunning(): boolean {
    return (
      this.process !== undefined &&
      this.process.exitCode === null &&
      this.process.signalCode === null
    );
  }

  async start(): Promise<void> {
    if (this.isRunning) return;
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(async () => {
      const { default: Redis } = await import('ioredis');
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    }, 10_000);
  }

  async stop(): Promise<void> {
    if (!this.process || !this.isRunning) return;
    this.process.kill('SIGKILL');
    await once(this.process, 'exit');
  }
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startNode(script: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', resolve(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => resolveExit(code)),
  );
  return { child, output: () => output, exited };
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 100));
  }
  throw new Error(
    `${what} not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

/** api + worker from the production bundles, against the test database and a private Redis. */
export class Stack {
  readonly redis: RedisServer;
  api!: RunningProcess;
  worker!: RunningProcess;
  env!: Record<string, string>;
  baseUrl!: string;

  private constructor(redisPort: number) {
    this.redis = new RedisServer(redisPort);
  }

  /** `env` adds to or overrides the stack's environment (e.g. a spec's own RATE_LIMITS_FILE). */
  static async start(env: Record<string, string> = {}): Promise<Stack> {
    const stack = new Stack(await freePort());
    await stack.redis.start();
    const port = await freePort();
    stack.baseUrl = `http://127.0.0.1:${port}`;
    stack.env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: stack.redis.url,
      QUEUE_PREFIX: `e2e-${port}`,
      JWT_SECRET: 'e2e-jwt-secret-that-is-long-enough-0001',
      ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
      OUTBOX_POLL_MS: '250',
      SHUTDOWN_TIMEOUT_MS: '5000',
      WEB_DIST_DIR: resolve(ROOT, 'dist/apps/web'),
      RATE_LIMITS_FILE: resolve(ROOT, 'e2e/support/rate-limits.e2e.yml'),
      ...env,
    };
    stack.api = startNode('dist/apps/api/main.js', stack.env);
    stack.worker = startNode('dist/apps/worker/main.js', stack.env);
    try {
      await waitFor(
        async () => (await fetch(`${stack.baseUrl}/health/ready`)).ok,
        30_000,
        'api ready',
      );
      await waitFor(() => stack.worker.output().includes('worker ready'), 30_000, 'worker ready');
    } catch (error) {
      const logs = `api:\n${stack.api.output()}\nworker:\n${stack.worker.output()}`;
      await stack.stop();
      throw new Error(`${(error as Error).message}\n${logs}`);
    }
    return stack;
  }

  async login(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async stop(): Promise<void> {
    for (const running of [this.api, this.worker]) {
      if (running && running.child.exitCode === null) {
        running.child.kill('SIGTERM');
        await running.exited;
      }
    }
    await this.redis.stop();
  }
}
