import { createApiClient, type ApiClient } from '@plumbline/api-client';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  E2E_ENCRYPTION_KEY,
  ROOT,
  Stack,
  startNode,
  testDatabaseUrl,
  waitFor,
} from '../support/stack';

describe('Plumbline api and worker (real PostgreSQL and Redis)', () => {
  let stack: Stack;
  let client: ApiClient;
  let db: Client;

  beforeAll(async () => {
    stack = await Stack.start();
    const token = await stack.login();
    client = createApiClient({ baseUrl: stack.baseUrl, getToken: () => token });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  async function heartbeatRow(id: string) {
    const { rows } = await db.query<{ processed_at: Date | null; worker_id: string | null }>(
      'SELECT processed_at, worker_id FROM system_heartbeats WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  it('records a heartbeat queued through the api in the database, via the worker', async () => {
    const { data, response } = await client.POST('/api/v1/system/heartbeats', {
      headers: { 'X-Request-Id': 'e2e-heartbeat-1' },
    });
    expect(response.status).toBe(202);
    expect(data?.correlationId).toBe('e2e-heartbeat-1');

    await waitFor(
      async () => (await heartbeatRow(data!.id))?.processed_at != null,
      10_000,
      'heartbeat processed',
    );
    const row = await heartbeatRow(data!.id);
    expect(row?.worker_id).toMatch(/:\d+$/);

    const shown = await client.GET('/api/v1/system/heartbeats/{id}', {
      params: { path: { id: data!.id } },
    });
    expect(shown.data?.processedAt).not.toBeNull();
    expect(stack.worker.output()).toContain('"correlationId":"e2e-heartbeat-1"');
  });

  it('reports readiness per dependency, names Redis while it is down, and recovers without a restart', async () => {
    const ready = await client.GET('/health/ready');
    expect(ready.response.status).toBe(200);
    expect(ready.data?.dependencies['postgres']?.status).toBe('up');
    expect(ready.data?.dependencies['redis']?.status).toBe('up');
    expect(typeof ready.data?.dependencies['redis']?.latencyMs).toBe('number');

    await stack.redis.stop();
    try {
      const down = await fetch(`${stack.baseUrl}/health/ready`);
      expect(down.status).toBe(503);
      const body = (await down.json()) as {
        down: string[];
        dependencies: Record<string, { status: string }>;
      };
      expect(body.down).toEqual(['redis']);
      expect(body.dependencies['postgres']?.status).toBe('up');

      // Work accepted while Redis is away waits in the outbox and is not lost.
      const queued = await client.POST('/api/v1/system/heartbeats');
      expect(queued.response.status).toBe(202);

      await stack.redis.start();
      await waitFor(
        async () => (await fetch(`${stack.baseUrl}/health/ready`)).status === 200,
        15_000,
        'ready again',
      );
      await waitFor(
        async () => (await heartbeatRow(queued.data!.id))?.processed_at != null,
        20_000,
        'heartbeat accepted during the outage processed',
      );
    } finally {
      await stack.redis.start().catch(() => undefined);
    }
  });

  it('answers bad input with a 400 naming each field, in the common error shape', async () => {
    const response = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-bad-input' },
      body: JSON.stringify({ email: 'not-an-email', password: 'x', role: 'admin' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('e2e-bad-input');
    const body = (await response.json()) as { details: Array<{ field: string }> };
    expect(body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      correlationId: 'e2e-bad-input',
    });
    expect(body.details.map((problem) => problem.field).sort()).toEqual(['email', 'role']);
  });

  it('refuses requests without a valid token and unknown ids with the common error shape', async () => {
    const anonymous = await fetch(`${stack.baseUrl}/api/v1/system/heartbeats`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(anonymous.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const wrongPassword = await client.POST('/api/v1/auth/login', {
      body: { email: 'admin@plumbline.test', password: 'wrong-password' },
    });
    expect(wrongPassword.response.status).toBe(401);

    const missing = await client.GET('/api/v1/system/heartbeats/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('serves the committed OpenAPI document, the docs UI, metrics and the web app', async () => {
    const served = await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json();
    const committed = JSON.parse(
      readFileSync(resolve(ROOT, 'libs/api-client/openapi.json'), 'utf8'),
    );
    expect(served).toEqual(committed);

    const docs = await fetch(`${stack.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');

    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /plumbline_http_requests_total\{method="POST",route="\/api\/v1\/system\/heartbeats",status_code="202"\} \d+/,
    );
    expect(metrics).toContain('plumbline_process_cpu_user_seconds_total');

    const page = await fetch(`${stack.baseUrl}/some/client/route`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});

describe('start-up configuration', () => {
  it.each([
    ['unset', undefined, /DATABASE_URL is required but not set/],
    ['malformed', 'postgres//nowhere', /DATABASE_URL .*(Invalid URL|must be a postgres)/i],
  ])('stops with a message naming DATABASE_URL when it is %s', async (_label, value, message) => {
    const env: Record<string, string> = {
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      JWT_SECRET: 'e2e-jwt-secret-that-is-long-enough-0001',
      ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    };
    if (value !== undefined) env['DATABASE_URL'] = value;
    for (const script of ['dist/apps/api/main.js', 'dist/apps/worker/main.js']) {
      const started = startNode(script, env);
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(started.output()).toMatch(message);
    }
  });
});
