import { createApiClient, type ApiClient } from '@plumbline/api-client';
import { Client } from 'pg';
import { describeWithPeers } from '../support/peers';
import { Stack, testDatabaseUrl } from '../support/stack';

describeWithPeers('connectors against real NetBox and Nautobot', (peers) => {
  let stack: Stack;
  let client: ApiClient;
  let db: Client;
  const created: string[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    const token = await stack.login();
    client = createApiClient({ baseUrl: stack.baseUrl, getToken: () => token });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    await db.query("DELETE FROM connectors WHERE name LIKE 'e2e-%'");
  });

  afterAll(async () => {
    for (const id of created)
      await client.DELETE('/api/v1/connectors/{id}', { params: { path: { id } } });
    await db?.end();
    await stack?.stop();
  });

  async function createConnector(body: {
    name: string;
    kind: 'netbox' | 'nautobot';
    url: string;
    token: string;
  }) {
    const result = await client.POST('/api/v1/connectors', { body });
    if (result.data) created.push(result.data.id);
    return result;
  }

  it('stores a NetBox connector with its token encrypted, never returns or logs it, and tests it', async () => {
    const { netbox } = peers();
    const { data, response } = await createConnector({
      name: 'e2e-netbox',
      kind: 'netbox',
      url: `${netbox.url}/`,
      token: netbox.token,
    });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({
      name: 'e2e-netbox',
      kind: 'netbox',
      url: netbox.url,
      hasToken: true,
    });
    expect(JSON.stringify(data)).not.toContain(netbox.token);

    const listed = await client.GET('/api/v1/connectors');
    expect(JSON.stringify(listed.data)).not.toContain(netbox.token);

    const { rows } = await db.query<{ token_sealed: string }>(
      'SELECT token_sealed FROM connectors WHERE id = $1',
      [data!.id],
    );
    expect(rows[0]?.token_sealed).toMatch(/^v1:/);
    expect(rows[0]?.token_sealed).not.toContain(netbox.token);

    const tested = await client.POST('/api/v1/connectors/{id}/test', {
      params: { path: { id: data!.id } },
    });
    expect(tested.data).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(tested.data?.version).toBe(netbox.version);
    expect(stack.api.output()).not.toContain(netbox.token);
  });

  it('tests a Nautobot connector and reports every connector in readiness', async () => {
    const { nautobotProduction } = peers();
    const { data } = await createConnector({
      name: 'e2e-nautobot',
      kind: 'nautobot',
      url: nautobotProduction.url,
      token: nautobotProduction.token,
    });
    const tested = await client.POST('/api/v1/connectors/{id}/test', {
      params: { path: { id: data!.id } },
    });
    expect(tested.data).toMatchObject({ ok: true, version: nautobotProduction.version });

    const ready = await client.GET('/health/ready');
    expect(ready.response.status).toBe(200);
    expect(ready.data?.dependencies['connector:e2e-nautobot']).toMatchObject({
      status: 'up',
      isCritical: false,
    });
    expect(ready.data?.dependencies['connector:e2e-netbox']).toMatchObject({
      status: 'up',
      isCritical: false,
    });
  });

  it('reports a refused token, and readiness degrades without failing', async () => {
    const { netbox } = peers();
    const { data } = await createConnector({
      name: 'e2e-netbox-bad-token',
      kind: 'netbox',
      url: netbox.url,
      token: 'nbt_notreal.0123456789abcdef',
    });
    const tested = await client.POST('/api/v1/connectors/{id}/test', {
      params: { path: { id: data!.id } },
    });
    expect(tested.data).toMatchObject({ ok: false, error: 'the token was refused' });
    expect([401, 403]).toContain(tested.data?.statusCode);

    const ready = await fetch(`${stack.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; down: string[] };
    expect(body.status).toBe('degraded');
    expect(body.down).toEqual(['connector:e2e-netbox-bad-token']);

    const fixed = await client.PATCH('/api/v1/connectors/{id}', {
      params: { path: { id: data!.id } },
      body: { token: netbox.token },
    });
    expect(fixed.data?.hasToken).toBe(true);
    const retested = await client.POST('/api/v1/connectors/{id}/test', {
      params: { path: { id: data!.id } },
    });
    expect(retested.data?.ok).toBe(true);
  });

  it('refuses bad input naming each field, and a taken name with 409', async () => {
    const bad = await fetch(`${stack.baseUrl}/api/v1/connectors`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await stack.login()}`,
      },
      body: JSON.stringify({
        name: '',
        kind: 'librenms',
        url: 'ftp://x',
        token: 'has space',
        extra: true,
      }),
    });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { details: Array<{ field: string }> }).details.map(
      (p) => p.field,
    );
    expect([...new Set(problems)].sort()).toEqual(['extra', 'kind', 'name', 'token', 'url']);

    const taken = await createConnector({
      name: 'e2e-netbox',
      kind: 'netbox',
      url: peers().netbox.url,
      token: 'x',
    });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toMatchObject({
      details: [{ field: 'name', reason: 'is already used by another connector' }],
    });
  });

  it('deletes a connector', async () => {
    const { data } = await createConnector({
      name: 'e2e-short-lived',
      kind: 'nautobot',
      url: peers().nautobotDiscovery.url,
      token: peers().nautobotDiscovery.token,
    });
    const removed = await client.DELETE('/api/v1/connectors/{id}', {
      params: { path: { id: data!.id } },
    });
    expect(removed.response.status).toBe(204);
    const gone = await client.GET('/api/v1/connectors/{id}', {
      params: { path: { id: data!.id } },
    });
    expect(gone.response.status).toBe(404);
  });
});
