import { clientCredentialsToken, createOAuthClient } from '../support/oauth-client';
import { PeerApi } from '../support/peer-api';
import { describeWithPeers } from '../support/peers';
import { Stack, startNode, waitFor } from '../support/stack';

interface IngestionState {
  state: string;
  attempts: number;
  counts: Record<string, number>;
}

const ENTITIES = 5000;

jest.setTimeout(900_000);

describeWithPeers(
  'ingestions survive a killed worker and a Redis restarted empty (real Nautobot)',
  (peers) => {
    const p = `pl-kill-${Date.now().toString(36)}`;
    const connectorName = `e2e-recovery-${p}`;
    let stack: Stack;
    let adminToken: string;
    let token: string;
    let nautobot: PeerApi;
    let connectorId: string | undefined;

    async function state(id: string): Promise<IngestionState> {
      const response = await fetch(`${stack.baseUrl}/api/v1/ingestions/${id}?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await response.json()) as IngestionState;
    }

    beforeAll(async () => {
      stack = await Stack.start();
      adminToken = await stack.login();
      nautobot = new PeerApi(peers().nautobotDiscovery);
      const response = await fetch(`${stack.baseUrl}/api/v1/connectors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: connectorName,
          kind: 'nautobot',
          url: peers().nautobotDiscovery.url,
          token: peers().nautobotDiscovery.token,
        }),
      });
      expect(response.status).toBe(201);
      connectorId = ((await response.json()) as { id: string }).id;
      const client = await createOAuthClient(stack.baseUrl, adminToken, `${p}-scanner`, [
        'ingest',
        'read',
      ]);
      token = await clientCredentialsToken(stack.baseUrl, client);
    });

    afterAll(async () => {
      await nautobot?.deleteWhere('dcim/manufacturers/', { name__isw: p }).catch(() => undefined);
      if (connectorId) {
        await fetch(`${stack.baseUrl}/api/v1/connectors/${connectorId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${adminToken}` },
        });
      }
      await stack?.stop();
    });

    it('gives every entity an outcome and applies none twice after SIGKILL and restart', async () => {
      const startedAt = new Date(Date.now() - 1000).toISOString();
      const entities = Array.from({ length: ENTITIES }, (_, index) => ({
        name: `${p}-${String(index).padStart(5, '0')}`,
        description: 'ingested by the recovery test',
      }));
      const response = await fetch(
        `${stack.baseUrl}/api/v1/ingest/dcim.manufacturer?connector=${connectorName}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(entities),
        },
      );
      expect(response.status).toBe(202);
      const { ingestionId } = (await response.json()) as { ingestionId: string };

      // Let the worker get well into the work, then kill it without warning.
      await waitFor(
        async () => ((await state(ingestionId)).counts['created'] ?? 0) >= 600,
        600_000,
        'first chunks applied',
      );
      stack.worker.child.kill('SIGKILL');
      await stack.worker.exited;
      const atKill = await state(ingestionId);
      expect(atKill.state).toBe('running');
      expect(atKill.counts['pending']).toBeGreaterThan(0);

      stack.worker = startNode('dist/apps/worker/main.js', stack.env);
      let final: IngestionState | undefined;
      await waitFor(
        async () => {
          final = await state(ingestionId);
          return final.state === 'completed';
        },
        800_000,
        'ingestion completed after the restart',
      );
      const done = final as IngestionState;
      expect(done.attempts).toBeGreaterThanOrEqual(2);
      expect(done.counts['pending']).toBe(0);
      expect(done.counts['failed']).toBe(0);
      // The chunk in flight at the kill may have landed before its outcomes were written: the
      // new worker finds those already there (unchanged) instead of creating them again.
      expect((done.counts['created'] ?? 0) + (done.counts['unchanged'] ?? 0)).toBe(ENTITIES);

      const onNautobot = await nautobot.list('dcim/manufacturers/', { name__isw: p });
      expect(onNautobot.count).toBe(ENTITIES);
      const changes = async (action: string) =>
        (
          await nautobot.list('extras/object-changes/', {
            changed_object_type: 'dcim.manufacturer',
            action,
            time__gte: startedAt,
            q: p,
          })
        ).count;
      expect(await changes('create')).toBe(ENTITIES);
      expect(await changes('update')).toBe(0);
    });

    it('resumes an ingestion whose job was lost with a Redis that restarted empty', async () => {
      // No worker takes the job while it sits in Redis; then Redis loses everything it held.
      stack.worker.child.kill('SIGTERM');
      await stack.worker.exited;
      const names = [`${p}-lost-1`, `${p}-lost-2`, `${p}-lost-3`];
      const response = await fetch(
        `${stack.baseUrl}/api/v1/ingest/dcim.manufacturer?connector=${connectorName}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(names.map((name) => ({ name }))),
        },
      );
      expect(response.status).toBe(202);
      const { ingestionId } = (await response.json()) as { ingestionId: string };
      await stack.redis.stop();
      await stack.redis.start();
      expect((await state(ingestionId)).state).toBe('accepted');

      stack.worker = startNode('dist/apps/worker/main.js', stack.env);
      await waitFor(
        async () => (await state(ingestionId)).state === 'completed',
        120_000,
        'lost ingestion resumed',
      );
      expect((await state(ingestionId)).counts).toMatchObject({ created: 3, pending: 0 });
      for (const name of names) {
        expect((await nautobot.list('dcim/manufacturers/', { name })).count).toBe(1);
      }
    });
  },
);
