import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { PeerApi } from '../support/peer-api';
import { describeWithPeers } from '../support/peers';
import { ROOT, Stack, testDatabaseUrl, waitFor } from '../support/stack';

interface DriftEvent {
  id: string;
  connectorId: string;
  objectType: string;
  objectKey: string;
  trigger: string;
  fields: Array<{ field: string; intended: unknown; live: unknown }>;
  decision: string;
  error: string | null;
  reviewItemId: string | null;
  detectedAt: string;
}

/** Where the peers' webhook workers can reach this machine (`peers:up` writes it). */
function webhookHost(): string {
  const file = JSON.parse(readFileSync(resolve(ROOT, 'peers.json'), 'utf8')) as {
    webhookHost?: string | null;
  };
  return file.webhookHost ?? '127.0.0.1';
}

describeWithPeers('webhooks and drift against a real NetBox', (peers) => {
  const tag = `pl-drift-${Date.now().toString(36)}`;
  const secret = `hook-${randomUUID()}`;
  let stack: Stack;
  let token: string;
  let netbox: PeerApi;
  let database: Client;
  let connectorId: string;
  const created: Array<[string, number]> = [];
  const parents: Record<string, number> = {};

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${stack.baseUrl}/api/v1/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  }

  async function setDriftAction(action: 'correct' | 'review'): Promise<void> {
    await api('PUT', 'policies/dcim.device', { drift: { action } });
  }

  /**
   * A device a producer ingested through the ingest API: the worker creates it in NetBox and
   * records its name, serial and references as the intended state, with a baseline.
   */
  async function ingestedDevice(name: string, serial: string): Promise<{ id: number }> {
    const accepted = await api<{ ingestionId: string }>(
      'POST',
      `ingest/dcim.device?connector=${encodeURIComponent(tag)}`,
      { name, serial, device_type: [tag, tag], role: tag, location: tag, status: 'Active' },
    );
    let outcome = 'pending';
    await waitFor(
      async () => {
        const ingestion = await api<{ state: string; entities: Array<{ outcome: string }> }>(
          'GET',
          `ingestions/${accepted.ingestionId}`,
        );
        outcome = ingestion.entities[0]?.outcome ?? 'pending';
        return ingestion.state === 'completed';
      },
      30_000,
      `ingestion of ${name}`,
    );
    expect(outcome).toBe('created');
    const found = await netbox.list<{ id: number; serial: string }>('dcim/devices/', { name });
    expect(found.results[0]?.serial).toBe(serial);
    const device = found.results[0] as { id: number };
    created.push(['dcim/devices/', device.id]);
    return device;
  }

  async function driftOf(name: string): Promise<DriftEvent[]> {
    const query = new URLSearchParams({ connectorId, objectType: 'dcim.device', key: name });
    return (await api<{ items: DriftEvent[] }>('GET', `drift?${query.toString()}`)).items;
  }

  beforeAll(async () => {
    // Listen beyond loopback: NetBox's webhook worker posts to the harness's webhook address.
    stack = await Stack.start({ HOST: '0.0.0.0' });
    token = await stack.login();
    netbox = new PeerApi(peers().netbox);
    database = new Client({ connectionString: testDatabaseUrl() });
    await database.connect();
    connectorId = (
      await api<{ id: string; hasWebhookSecret: boolean }>('POST', 'connectors', {
        name: tag,
        kind: 'netbox',
        url: peers().netbox.url,
        token: peers().netbox.token,
        webhookSecret: secret,
      })
    ).id;
    const site = await netbox.call<{ id: number }>('POST', 'dcim/sites/', { name: tag, slug: tag });
    parents['site'] = site.id;
    const manufacturer = await netbox.call<{ id: number }>('POST', 'dcim/manufacturers/', {
      name: tag,
      slug: tag,
    });
    parents['manufacturer'] = manufacturer.id;
    const deviceType = await netbox.call<{ id: number }>('POST', 'dcim/device-types/', {
      model: tag,
      slug: tag,
      manufacturer: manufacturer.id,
    });
    parents['deviceType'] = deviceType.id;
    const role = await netbox.call<{ id: number }>('POST', 'dcim/device-roles/', {
      name: tag,
      slug: tag,
    });
    parents['role'] = role.id;
    const webhook = await netbox.call<{ id: number }>('POST', 'extras/webhooks/', {
      name: tag,
      payload_url: `http://${webhookHost()}:${stack.env['PORT']}/api/v1/webhooks/netbox`,
      secret,
      http_content_type: 'application/json',
    });
    parents['webhook'] = webhook.id;
    const rule = await netbox.call<{ id: number }>('POST', 'extras/event-rules/', {
      name: tag,
      object_types: ['dcim.device'],
      event_types: ['object_updated', 'object_deleted'],
      action_type: 'webhook',
      action_object_type: 'extras.webhook',
      action_object_id: webhook.id,
      enabled: true,
    });
    parents['rule'] = rule.id;
  }, 120_000);

  afterAll(async () => {
    const removals: Array<[string, number | undefined]> = [
      ['extras/event-rules/', parents['rule']],
      ['extras/webhooks/', parents['webhook']],
      ...created.map(([path, id]): [string, number] => [path, id]),
      ['dcim/device-types/', parents['deviceType']],
      ['dcim/device-roles/', parents['role']],
      ['dcim/manufacturers/', parents['manufacturer']],
      ['dcim/sites/', parents['site']],
    ];
    for (const [path, id] of removals) {
      if (id !== undefined) await netbox?.call('DELETE', `${path}${id}/`).catch(() => undefined);
    }
    if (connectorId) await api('DELETE', `connectors/${connectorId}`).catch(() => undefined);
    await database?.end();
    await stack?.stop();
  }, 60_000);

  it('corrects a device edited in NetBox back to the ingested serial, within seconds', async () => {
    await setDriftAction('correct');
    const name = `${tag}-correct`;
    const device = await ingestedDevice(name, 'SN-INTENDED-1');

    const editedAt = Date.now();
    await netbox.call('PATCH', `dcim/devices/${device.id}/`, { serial: 'SN-EDITED-BY-HAND' });

    let events: DriftEvent[] = [];
    await waitFor(
      async () => (events = await driftOf(name)).length > 0,
      20_000,
      'a drift event for the edited device',
    );
    const [event] = events;
    expect(event).toMatchObject({
      connectorId,
      objectType: 'dcim.device',
      objectKey: name,
      trigger: 'webhook',
      decision: 'corrected',
      error: null,
      fields: [{ field: 'serial', intended: 'SN-INTENDED-1', live: 'SN-EDITED-BY-HAND' }],
    });
    const latencyMs = Date.parse(event!.detectedAt) - editedAt;
    const handled = /"latencyMs":(\d+)/.exec(
      stack.worker
        .output()
        .split('\n')
        .find((line) => line.includes('webhook drift check done') && line.includes(connectorId)) ??
        '',
    );
    process.stdout.write(
      `edit in NetBox -> drift decided: ${latencyMs} ms (webhook received -> decided: ${handled?.[1] ?? '?'} ms)\n`,
    );
    expect(latencyMs).toBeLessThan(15_000);

    const now = await netbox.call<{ serial: string }>('GET', `dcim/devices/${device.id}/`);
    expect(now.serial).toBe('SN-INTENDED-1');
    // Plumbline's own write comes back as a webhook too; it finds nothing more to do.
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 3_000));
    expect(await driftOf(name)).toHaveLength(1);
    const { rows } = await database.query<{ checked_at: Date | null }>(
      'SELECT checked_at FROM ingested_records WHERE connector_id = $1 AND object_key = $2',
      [connectorId, name],
    );
    expect(rows[0]?.checked_at).not.toBeNull();
  }, 60_000);

  it('sends the edit to review when the policy says review', async () => {
    await setDriftAction('review');
    const name = `${tag}-review`;
    const device = await ingestedDevice(name, 'SN-INTENDED-2');

    await netbox.call('PATCH', `dcim/devices/${device.id}/`, { serial: 'SN-EDITED-2' });

    let events: DriftEvent[] = [];
    await waitFor(async () => (events = await driftOf(name)).length > 0, 20_000, 'a drift event');
    expect(events[0]).toMatchObject({ decision: 'review', trigger: 'webhook' });
    const item = await api<{
      state: string;
      objectKey: string;
      rule: string;
      fields: Array<{ field: string; current: unknown; proposed: unknown }>;
    }>('GET', `reviews/${events[0]!.reviewItemId}`);
    expect(item).toMatchObject({
      state: 'open',
      objectKey: name,
      rule: 'drift',
      fields: [{ field: 'serial', current: 'SN-EDITED-2', proposed: 'SN-INTENDED-2' }],
    });
    // Nothing was written back: the operator decides.
    const now = await netbox.call<{ serial: string }>('GET', `dcim/devices/${device.id}/`);
    expect(now.serial).toBe('SN-EDITED-2');
    expect((await api<DriftEvent>('GET', `drift/${events[0]!.id}`)).id).toBe(events[0]!.id);
  }, 60_000);

  it('refuses unsigned and wrongly signed deliveries with 401 and queues nothing', async () => {
    const body = JSON.stringify({
      event: 'updated',
      object_type: 'dcim.device',
      data: { id: 1, url: '/api/dcim/devices/1/' },
    });
    const post = (headers: Record<string, string>, payload = body) =>
      fetch(`${stack.baseUrl}/api/v1/webhooks/netbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
      });
    const queued =
      "SELECT count(*) FROM outbox_messages WHERE queue = 'drift' AND payload->>'peerId' = '1'";
    const before = await database.query<{ count: string }>(queued);

    const wrong = await post({
      'x-hook-signature': createHmac('sha512', 'not-the-secret').update(body).digest('hex'),
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/X-Hook-Signature/);
    expect((await post({})).status).toBe(401);
    const signed = createHmac('sha512', secret).update(body).digest('hex');
    expect((await post({ 'x-hook-signature': signed }, `${body} `)).status).toBe(401);

    const after = await database.query<{ count: string }>(queued);
    expect(after.rows[0]?.count).toBe(before.rows[0]?.count);
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /plumbline_webhook_deliveries_total\{kind="netbox",outcome="unauthorized"\} [3-9]/,
    );
  });

  it('finds drift no webhook reported with the periodic reconciler, and corrects it', async () => {
    // The event rule is off: only the reconciler's tick can notice this edit.
    await netbox.call('PATCH', `extras/event-rules/${parents['rule']}/`, { enabled: false });
    const name = `${tag}-reconcile`;
    const device = await ingestedDevice(name, 'SN-INTENDED-3');
    await netbox.call('PATCH', `dcim/devices/${device.id}/`, { serial: 'SN-EDITED-3' });
    await api('PUT', 'policies/dcim.device', {
      drift: { action: 'correct', reconcile_interval: 1 },
    });

    let events: DriftEvent[] = [];
    await waitFor(
      async () => (events = await driftOf(name)).length > 0,
      40_000,
      'a drift event from the reconciler',
    );
    expect(events[0]).toMatchObject({
      trigger: 'reconciler',
      decision: 'corrected',
      fields: [{ field: 'serial', intended: 'SN-INTENDED-3', live: 'SN-EDITED-3' }],
    });
    const now = await netbox.call<{ serial: string }>('GET', `dcim/devices/${device.id}/`);
    expect(now.serial).toBe('SN-INTENDED-3');
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toContain('plumbline_webhook_deliveries_total');
  }, 90_000);
});
