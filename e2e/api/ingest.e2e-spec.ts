import { clientCredentialsToken, createOAuthClient } from '../support/oauth-client';
import { PeerApi } from '../support/peer-api';
import { describeWithPeers } from '../support/peers';
import { freePort, Stack, waitFor } from '../support/stack';

interface Accepted {
  ingestionId: string;
  state: string;
  total: number;
  accepted: number;
  rejected: Array<{ index: number; problems: Array<{ field: string; reason: string }> }>;
  connectors: string[];
  isReplay: boolean;
}

interface Ingestion {
  id: string;
  state: string;
  total: number;
  counts: Record<string, number>;
  entities: Array<{
    position: number;
    key: string | null;
    outcome: string;
    reasons: Array<{ field: string; reason: string; connector?: string }> | null;
    targets: Record<string, { outcome: string; fields?: string[]; error?: string }> | null;
  }>;
}

jest.setTimeout(240_000);

describeWithPeers('ingest API against real NetBox and Nautobot', (peers) => {
  const p = `pl-ing-${Date.now().toString(36)}`;
  const netboxName = `e2e-ingest-netbox-${p}`;
  const nautobotName = `e2e-ingest-nautobot-${p}`;
  let stack: Stack;
  let adminToken: string;
  let ingestToken: string;
  let readToken: string;
  let netbox: PeerApi;
  let nautobot: PeerApi;
  let workerMetricsPort: number;
  const connectorIds: string[] = [];

  async function ingest(
    objectType: string,
    body: unknown,
    options: { token?: string; connectors: string[]; idempotencyKey?: string },
  ): Promise<Response> {
    const query = new URLSearchParams();
    for (const name of options.connectors) query.append('connector', name);
    return fetch(`${stack.baseUrl}/api/v1/ingest/${objectType}?${query.toString()}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.idempotencyKey && { 'idempotency-key': options.idempotencyKey }),
      },
      body: JSON.stringify(body),
    });
  }

  async function ingestion(id: string): Promise<Ingestion> {
    const response = await fetch(`${stack.baseUrl}/api/v1/ingestions/${id}?limit=1000`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Ingestion;
  }

  async function finished(id: string): Promise<Ingestion> {
    let last: Ingestion | undefined;
    await waitFor(
      async () => {
        last = await ingestion(id);
        return last.state === 'completed';
      },
      120_000,
      `ingestion ${id} completed`,
    );
    return last as Ingestion;
  }

  /** Ingests and waits until the worker has dealt with every entity. */
  async function ingestAndWait(objectType: string, body: unknown, connectors: string[]) {
    const response = await ingest(objectType, body, { token: ingestToken, connectors });
    const accepted = (await response.json()) as Accepted;
    expect({ status: response.status, rejected: accepted.rejected }).toEqual({
      status: 202,
      rejected: [],
    });
    const done = await finished(accepted.ingestionId);
    for (const entity of done.entities) {
      expect({ key: entity.key, outcome: entity.outcome, reasons: entity.reasons }).toEqual({
        key: entity.key,
        outcome: expect.stringMatching(/^(created|updated|unchanged)$/),
        reasons: null,
      });
    }
    return done;
  }

  beforeAll(async () => {
    workerMetricsPort = await freePort();
    stack = await Stack.start({ WORKER_METRICS_PORT: String(workerMetricsPort) });
    adminToken = await stack.login();
    netbox = new PeerApi(peers().netbox);
    nautobot = new PeerApi(peers().nautobotProduction);
    for (const [name, kind, peer] of [
      [netboxName, 'netbox', peers().netbox],
      [nautobotName, 'nautobot', peers().nautobotProduction],
    ] as const) {
      const response = await fetch(`${stack.baseUrl}/api/v1/connectors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, kind, url: peer.url, token: peer.token }),
      });
      expect(response.status).toBe(201);
      connectorIds.push(((await response.json()) as { id: string }).id);
    }
    const ingestClient = await createOAuthClient(stack.baseUrl, adminToken, `${p}-n8n`, [
      'ingest',
      'read',
    ]);
    const readClient = await createOAuthClient(stack.baseUrl, adminToken, `${p}-dashboard`, [
      'read',
    ]);
    ingestToken = await clientCredentialsToken(stack.baseUrl, ingestClient);
    readToken = await clientCredentialsToken(stack.baseUrl, readClient);

    // The parents the devices need, ingested through the API as a producer would.
    const both = [netboxName, nautobotName];
    await ingestAndWait('dcim.manufacturer', { name: `${p}-acme` }, both);
    await ingestAndWait(
      'dcim.devicetype',
      { manufacturer: `${p}-acme`, model: `${p}-x1`, u_height: 1 },
      both,
    );
    await ingestAndWait(
      'extras.role',
      { name: `${p}-leaf`, color: '00ff00', content_types: ['dcim.device'] },
      both,
    );
    await ingestAndWait(
      'dcim.location',
      { name: `${p}-dc1`, location_type: 'Site', status: 'Active' },
      [netboxName],
    );
    await ingestAndWait(
      'dcim.locationtype',
      { name: `${p}-site`, nestable: false, content_types: ['dcim.device'], parent: null },
      [nautobotName],
    );
    await ingestAndWait(
      'dcim.location',
      { name: `${p}-dc1`, location_type: `${p}-site`, status: 'Active', parent: null },
      [nautobotName],
    );
  });

  afterAll(async () => {
    const prefix = { name__isw: p };
    for (const peer of [netbox, nautobot]) {
      if (!peer) continue;
      await peer.deleteWhere('dcim/devices/', prefix).catch(() => undefined);
      await peer.deleteWhere('dcim/device-types/', { model__isw: p }).catch(() => undefined);
      await peer.deleteWhere('dcim/manufacturers/', prefix).catch(() => undefined);
    }
    await netbox?.deleteWhere('dcim/device-roles/', prefix).catch(() => undefined);
    await netbox?.deleteWhere('dcim/sites/', prefix).catch(() => undefined);
    await nautobot?.deleteWhere('extras/roles/', prefix).catch(() => undefined);
    await nautobot?.deleteWhere('dcim/locations/', prefix).catch(() => undefined);
    await nautobot?.deleteWhere('dcim/location-types/', prefix).catch(() => undefined);
    for (const id of connectorIds) {
      await fetch(`${stack.baseUrl}/api/v1/connectors/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${adminToken}` },
      });
    }
    await stack?.stop();
  });

  const device = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    device_type: [`${p}-acme`, `${p}-x1`],
    role: `${p}-leaf`,
    location: `${p}-dc1`,
    status: 'Active',
    ...extra,
  });

  it('answers 401 without a token and 403 to a token without the ingest scope', async () => {
    const entity = device(`${p}-nobody`);
    const anonymous = await ingest('dcim.device', entity, { connectors: [netboxName] });
    expect(anonymous.status).toBe(401);
    const readOnly = await ingest('dcim.device', entity, {
      token: readToken,
      connectors: [netboxName],
    });
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { message: string }).message).toContain('ingest');
    const devices = await netbox.list('dcim/devices/', { name: `${p}-nobody` });
    expect(devices.count).toBe(0);
  });

  it('applies an ingested device to the real NetBox and Nautobot and reports each outcome', async () => {
    const response = await ingest('dcim.device', device(`${p}-leaf1`, { serial: 'SN-100' }), {
      token: ingestToken,
      connectors: [netboxName, nautobotName],
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as Accepted;
    expect(accepted).toMatchObject({ total: 1, accepted: 1, rejected: [], isReplay: false });
    expect(accepted.connectors.sort()).toEqual([netboxName, nautobotName].sort());

    const done = await finished(accepted.ingestionId);
    expect(done.counts).toMatchObject({ created: 1, pending: 0 });
    expect(done.entities[0]).toMatchObject({
      key: `${p}-leaf1`,
      outcome: 'created',
      targets: { [netboxName]: { outcome: 'created' }, [nautobotName]: { outcome: 'created' } },
    });
    for (const peer of [netbox, nautobot]) {
      const found = await peer.list<{ serial: string }>('dcim/devices/', { name: `${p}-leaf1` });
      expect(found.count).toBe(1);
      expect(found.results[0]?.serial).toBe('SN-100');
    }
  });

  it('creates nothing new when a request is resent with the same Idempotency-Key', async () => {
    const body = [device(`${p}-leaf2`, { serial: 'SN-200' })];
    const options = {
      token: ingestToken,
      connectors: [netboxName, nautobotName],
      idempotencyKey: `${p}-retry-1`,
    };
    const first = (await (await ingest('dcim.device', body, options)).json()) as Accepted;
    await finished(first.ingestionId);

    const again = await ingest('dcim.device', body, options);
    expect(again.status).toBe(202);
    const replay = (await again.json()) as Accepted;
    expect(replay).toMatchObject({ ingestionId: first.ingestionId, isReplay: true });

    const changed = await ingest('dcim.device', [device(`${p}-leaf2`)], options);
    expect(changed.status).toBe(422);
    expect(((await changed.json()) as { message: string }).message).toContain('Idempotency-Key');

    for (const peer of [netbox, nautobot]) {
      expect((await peer.list('dcim/devices/', { name: `${p}-leaf2` })).count).toBe(1);
    }
    const listed = (await (
      await fetch(`${stack.baseUrl}/api/v1/ingestions?objectType=dcim.device&limit=500`, {
        headers: { authorization: `Bearer ${readToken}` },
      })
    ).json()) as { items: Array<{ id: string; idempotencyKey: string | null }> };
    expect(listed.items.filter((item) => item.idempotencyKey === `${p}-retry-1`)).toHaveLength(1);
  });

  it('rejects invalid entities with the field and the reason while valid ones go through', async () => {
    const response = await ingest(
      'dcim.device',
      [
        device(`${p}-leaf3`),
        device(`${p}-leaf4`, { colour: 'blue' }),
        { ...device(''), serial: 'SN-X' },
        device(`${p}-leaf3`),
      ],
      { token: ingestToken, connectors: [netboxName] },
    );
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as Accepted;
    expect(accepted).toMatchObject({ total: 4, accepted: 1 });
    expect(accepted.rejected).toEqual([
      { index: 1, problems: [{ field: 'colour', reason: 'is not a field of dcim.device' }] },
      {
        index: 2,
        problems: [{ field: 'name', reason: 'is required: it identifies the dcim.device' }],
      },
      { index: 3, problems: [{ field: '(entity)', reason: expect.stringContaining('entity 0') }] },
    ]);
    const done = await finished(accepted.ingestionId);
    expect(done.counts).toMatchObject({ created: 1, rejected: 3, pending: 0 });
    expect((await netbox.list('dcim/devices/', { name: `${p}-leaf3` })).count).toBe(1);
    expect((await netbox.list('dcim/devices/', { name: `${p}-leaf4` })).count).toBe(0);

    const allBad = await ingest('dcim.device', [{ serial: 'only' }], {
      token: ingestToken,
      connectors: [netboxName],
    });
    expect(allBad.status).toBe(422);
    const body = (await allBad.json()) as { details: Array<{ field: string; reason: string }> };
    expect(body.details).toEqual([
      { index: 0, field: 'name', reason: 'is required: it identifies the dcim.device' },
    ]);
  });

  it("reports the instance's refusal as a failed outcome with its error", async () => {
    const response = await ingest(
      'dcim.device',
      device(`${p}-leaf5`, { device_type: [`${p}-acme`, `${p}-missing-type`] }),
      { token: ingestToken, connectors: [nautobotName] },
    );
    const accepted = (await response.json()) as Accepted;
    const done = await finished(accepted.ingestionId);
    expect(done.entities[0]).toMatchObject({
      outcome: 'failed',
      reasons: [{ connector: nautobotName, reason: expect.stringContaining('missing-type') }],
    });
  });

  it('writes only the fields sent; an explicit null clears a field', async () => {
    await ingestAndWait(
      'dcim.device',
      device(`${p}-leaf6`, { serial: 'SN-600', asset_tag: `${p}-at6` }),
      [nautobotName],
    );
    const update = await ingestAndWait('dcim.device', { name: `${p}-leaf6`, serial: 'SN-601' }, [
      nautobotName,
    ]);
    expect(update.entities[0]).toMatchObject({
      outcome: 'updated',
      targets: { [nautobotName]: { outcome: 'updated', fields: ['serial'] } },
    });
    let [found] = (
      await nautobot.list<{ serial: string; asset_tag: string | null }>('dcim/devices/', {
        name: `${p}-leaf6`,
      })
    ).results;
    expect(found).toMatchObject({ serial: 'SN-601', asset_tag: `${p}-at6` });

    await ingestAndWait('dcim.device', { name: `${p}-leaf6`, asset_tag: null }, [nautobotName]);
    [found] = (
      await nautobot.list<{ serial: string; asset_tag: string | null }>('dcim/devices/', {
        name: `${p}-leaf6`,
      })
    ).results;
    expect(found).toMatchObject({ serial: 'SN-601', asset_tag: null });
  });

  it('reports totals and queue depths in the sync status', async () => {
    const response = await fetch(`${stack.baseUrl}/api/v1/sync/status`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(response.status).toBe(200);
    const status = (await response.json()) as {
      ingestions: Record<string, number>;
      entities: Record<string, number>;
      queues: Record<string, { waiting: number }>;
    };
    expect(status.ingestions['completed']).toBeGreaterThanOrEqual(10);
    expect(status.entities['created']).toBeGreaterThanOrEqual(5);
    expect(status.entities['rejected']).toBeGreaterThanOrEqual(4);
    expect(status.queues['ingest']).toMatchObject({ waiting: expect.any(Number) });
  });

  it("counts what the worker applied in the worker's metrics", async () => {
    const text = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
    const created =
      /^plumbline_ingestion_entities_total\{object_type="dcim.device",outcome="created"\} (\d+)$/m.exec(
        text,
      );
    // leaf1, leaf2, leaf3 and leaf6 (leaf4 was rejected, leaf5 failed on the instance).
    expect(Number(created?.[1])).toBe(4);
    expect(text).toMatch(
      new RegExp(
        `^plumbline_sync_operations_total\\{source="${p}-n8n",destination="${nautobotName}",status="created"\\} \\d+$`,
        'm',
      ),
    );
    expect(text).toMatch(/^plumbline_ingestion_latency_seconds_count \d+$/m);
    expect(text).toMatch(/^plumbline_queue_jobs\{queue="ingest",state="waiting"\} \d+$/m);
  });
});
