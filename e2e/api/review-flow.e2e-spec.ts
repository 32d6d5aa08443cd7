import { createApiClient, type ApiClient } from '@plumbline/api-client';
import { describeWithPeers, type PeerInfo } from '../support/peers';
import { execFileSync } from 'node:child_process';
import { ROOT, Stack } from '../support/stack';

/** Talks to the Nautobot instance directly, as a person editing it would. */
class NautobotDirect {
  constructor(private readonly peer: PeerInfo) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.peer.url}/api/${path}`, {
      method,
      headers: {
        authorization: `Token ${this.peer.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  }

  async tenant(name: string): Promise<{ id: string; description: string } | undefined> {
    const page = (await this.call('GET', `tenancy/tenants/?name=${encodeURIComponent(name)}`)) as {
      results: Array<{ id: string; description: string }>;
    };
    return page.results[0];
  }

  async setDescription(name: string, description: string): Promise<void> {
    const tenant = await this.tenant(name);
    await this.call('PATCH', `tenancy/tenants/${tenant!.id}/`, { description });
  }

  async deleteTenant(name: string): Promise<void> {
    const tenant = await this.tenant(name);
    if (tenant) await this.call('DELETE', `tenancy/tenants/${tenant.id}/`);
  }
}

describeWithPeers('review queue against a real Nautobot', (peers) => {
  const tenantName = `plumbline-review-${Date.now()}`;
  let stack: Stack;
  let client: ApiClient;
  let nautobot: NautobotDirect;
  let connectorId: string;

  beforeAll(async () => {
    stack = await Stack.start();
    const token = await stack.login();
    client = createApiClient({ baseUrl: stack.baseUrl, getToken: () => token });
    nautobot = new NautobotDirect(peers().nautobotProduction);
    const connector = await client.POST('/api/v1/connectors', {
      body: {
        name: `e2e-review-${Date.now()}`,
        kind: 'nautobot',
        url: peers().nautobotProduction.url,
        token: peers().nautobotProduction.token,
      },
    });
    connectorId = connector.data!.id;
    // Conflicts on tenants go to a person.
    await client.PUT('/api/v1/policies/{objectType}', {
      params: { path: { objectType: 'tenancy.tenant' } },
      body: { conflict_resolution: { strategy: 'manual_review' } },
    });
  });

  afterAll(async () => {
    await nautobot?.deleteTenant(tenantName).catch(() => undefined);
    if (connectorId)
      await client.DELETE('/api/v1/connectors/{id}', { params: { path: { id: connectorId } } });
    await stack?.stop();
  });

  async function propose(description: string) {
    const result = await client.POST('/api/v1/connectors/{connectorId}/changes', {
      params: { path: { connectorId } },
      body: {
        source: 'cmdb',
        records: [{ type: 'tenancy.tenant', attrs: { name: tenantName, description } }],
      },
    });
    expect(result.response.status).toBe(200);
    return result.data!;
  }

  async function item(id: string) {
    return (await client.GET('/api/v1/reviews/{id}', { params: { path: { id } } })).data!;
  }

  it('creates what nobody contests, at once', async () => {
    const result = await propose('from the cmdb');
    expect(result.outcomes).toMatchObject([{ action: 'create', decision: 'apply', error: null }]);
    expect((await nautobot.tenant(tenantName))?.description).toBe('from the cmdb');
  });

  it('queues a change that conflicts with an edit made in Nautobot, and approving it writes the value', async () => {
    await nautobot.setDescription(tenantName, 'edited in nautobot');
    const result = await propose('cmdb v2');
    const [outcome] = result.outcomes;
    expect(outcome).toMatchObject({ action: 'update', decision: 'review', reviewStatus: 'queued' });
    expect((await nautobot.tenant(tenantName))?.description).toBe('edited in nautobot');

    const queued = await item(outcome!.reviewItemId!);
    expect(queued).toMatchObject({ state: 'open', objectType: 'tenancy.tenant', source: 'cmdb' });
    expect(queued.fields).toEqual([
      {
        field: 'description',
        base: 'from the cmdb',
        current: 'edited in nautobot',
        proposed: 'cmdb v2',
        isConflict: true,
      },
    ]);

    const listed = await client.GET('/api/v1/reviews', {
      params: { query: { state: 'open', field: 'description', source: 'cmdb' } },
    });
    expect(listed.data?.items.map((entry) => entry.id)).toContain(queued.id);
    expect(listed.data?.counts['open']).toBeGreaterThanOrEqual(1);

    const approved = await client.POST('/api/v1/reviews/{id}/approve', {
      params: { path: { id: queued.id } },
      body: { comment: 'the cmdb is right' },
    });
    expect(approved.data).toMatchObject({
      state: 'applied',
      decidedBy: 'admin@plumbline.test',
      outcome: null,
    });
    expect((await nautobot.tenant(tenantName))?.description).toBe('cmdb v2');

    const audit = await client.GET('/api/v1/reviews/audit', {
      params: { query: { itemId: queued.id } },
    });
    expect(audit.data?.map((entry) => entry.event)).toEqual(['applied', 'approved', 'created']);
    expect(audit.data?.[1]).toMatchObject({
      actor: 'admin@plumbline.test',
      comment: 'the cmdb is right',
      values: { description: 'cmdb v2' },
    });
  });

  it('rejecting leaves Nautobot as it was, and the same proposal is not asked again', async () => {
    await nautobot.setDescription(tenantName, 'kept by the operator');
    const first = await propose('cmdb v3');
    const itemId = first.outcomes[0]!.reviewItemId!;
    const rejected = await client.POST('/api/v1/reviews/{id}/reject', {
      params: { path: { id: itemId } },
      body: { comment: 'nautobot is right here' },
    });
    expect(rejected.error).toBeUndefined();
    expect(rejected.data?.state).toBe('rejected');
    expect((await nautobot.tenant(tenantName))?.description).toBe('kept by the operator');

    const again = await propose('cmdb v3');
    expect(again.outcomes[0]).toMatchObject({ decision: 'drop', reviewItemId: null });
    expect((await nautobot.tenant(tenantName))?.description).toBe('kept by the operator');

    const changedValue = await propose('cmdb v3.1');
    expect(changedValue.outcomes[0]).toMatchObject({ decision: 'review', reviewStatus: 'queued' });
    await client.POST('/api/v1/reviews/{id}/reject', {
      params: { path: { id: changedValue.outcomes[0]!.reviewItemId! } },
      body: {},
    });
  });

  it('marks an approval stale when Nautobot changed the field again, without overwriting it', async () => {
    await nautobot.setDescription(tenantName, 'edit one');
    const proposal = await propose('cmdb v4');
    const itemId = proposal.outcomes[0]!.reviewItemId!;
    await nautobot.setDescription(tenantName, 'edit two, after the review was made');

    const approved = await client.POST('/api/v1/reviews/{id}/approve', {
      params: { path: { id: itemId } },
      body: {},
    });
    expect(approved.data?.state).toBe('stale');
    expect(approved.data?.outcome).toMatch(/description/);
    expect((await nautobot.tenant(tenantName))?.description).toBe(
      'edit two, after the review was made',
    );

    // Re-evaluated against what Nautobot holds now.
    const open = await client.GET('/api/v1/reviews', {
      params: { query: { state: 'open', objectType: 'tenancy.tenant' } },
    });
    const fresh = open.data?.items.find(
      (entry) => entry.objectKey === tenantName && entry.fields[0]?.proposed === 'cmdb v4',
    );
    expect(fresh?.fields[0]).toMatchObject({
      current: 'edit two, after the review was made',
      proposed: 'cmdb v4',
    });
  });

  it('approves with an edited value, and decides in bulk by filter', async () => {
    await nautobot.setDescription(tenantName, 'edit three');
    const proposal = await propose('cmdb v5');
    const edited = await client.POST('/api/v1/reviews/{id}/approve', {
      params: { path: { id: proposal.outcomes[0]!.reviewItemId! } },
      body: { values: { description: 'chosen by the operator' } },
    });
    expect(edited.data).toMatchObject({
      state: 'applied',
      editedValues: { description: 'chosen by the operator' },
    });
    expect((await nautobot.tenant(tenantName))?.description).toBe('chosen by the operator');

    const decidedTwice = await client.POST('/api/v1/reviews/{id}/approve', {
      params: { path: { id: proposal.outcomes[0]!.reviewItemId! } },
      body: { values: { comments: 'x' } },
    });
    expect(decidedTwice.response.status).toBe(409);

    await nautobot.setDescription(tenantName, 'edit four');
    await propose('cmdb v6');
    const before = await client.GET('/api/v1/reviews', {
      params: { query: { state: 'open', objectType: 'tenancy.tenant', source: 'cmdb' } },
    });
    expect(before.data!.items.length).toBeGreaterThanOrEqual(1);
    const bulk = await client.POST('/api/v1/reviews/bulk', {
      body: {
        decision: 'reject',
        filter: { objectType: 'tenancy.tenant', source: 'cmdb' },
        comment: 'not now',
      },
    });
    expect(bulk.data?.results.map((result) => result.state)).toEqual(
      before.data!.items.map(() => 'rejected'),
    );
    const after = await client.GET('/api/v1/reviews', {
      params: { query: { state: 'open', objectType: 'tenancy.tenant', source: 'cmdb' } },
    });
    expect(after.data?.total).toBe(0);
    expect(after.data?.counts['rejected']).toBeGreaterThanOrEqual(before.data!.items.length);
    expect((await nautobot.tenant(tenantName))?.description).toBe('edit four');
  });

  it('lets a viewer read the queue but not decide', async () => {
    const email = `viewer-${Date.now()}@plumbline.test`;
    const password = 'viewer-password-0001';
    execFileSync(process.execPath, ['dist/apps/api/cli.js', 'user:add', email, 'viewer'], {
      cwd: ROOT,
      env: { ...stack.env, PLUMBLINE_USER_PASSWORD: password },
    });
    const login = await client.POST('/api/v1/auth/login', { body: { email, password } });
    const viewer = createApiClient({
      baseUrl: stack.baseUrl,
      getToken: () => login.data!.accessToken,
    });

    await nautobot.setDescription(tenantName, 'edit five');
    const itemId = (await propose('cmdb v7')).outcomes[0]!.reviewItemId!;
    const open = await viewer.GET('/api/v1/reviews', { params: { query: { state: 'open' } } });
    expect(open.response.status).toBe(200);
    expect(open.data!.items.map((entry) => entry.id)).toContain(itemId);
    const approve = await viewer.POST('/api/v1/reviews/{id}/approve', {
      params: { path: { id: itemId } },
      body: {},
    });
    expect(approve.response.status).toBe(403);
    const bulk = await viewer.POST('/api/v1/reviews/bulk', {
      body: { decision: 'reject', ids: [itemId] },
    });
    expect(bulk.response.status).toBe(403);
    expect(
      (await client.GET('/api/v1/reviews/{id}', { params: { path: { id: itemId } } })).data?.state,
    ).toBe('open');
  });

  it('refuses decisions on items that are not open, and unknown records', async () => {
    const decided = await client.GET('/api/v1/reviews', {
      params: { query: { state: 'applied' } },
    });
    const again = await client.POST('/api/v1/reviews/{id}/approve', {
      params: { path: { id: decided.data!.items[0]!.id } },
      body: {},
    });
    expect(again.response.status).toBe(409);

    const bad = await client.POST('/api/v1/connectors/{connectorId}/changes', {
      params: { path: { connectorId } },
      body: {
        source: 'cmdb',
        records: [{ type: 'tenancy.tenant', attrs: { name: 'x', colour: 'red' } }],
      },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ details: [{ field: 'records.0.attrs.colour' }] });
  });
});
