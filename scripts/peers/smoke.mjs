#!/usr/bin/env node
// Smoke test of the running real peers (npm run peers:smoke), reading peers.json:
// for each peer, create a tenant with the token, read it back in the list, delete it; then,
// unless --no-webhooks, register a webhook to a listener on webhookHost, create a tenant and
// wait for the peer's background worker to deliver the POST, and clean up.
// Exit 0 when everything passed; prints one line per check and "N passed, N failed".
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const peersPath = process.env.PEERS_JSON || resolve(repo, 'peers.json');
const withWebhooks = !process.argv.includes('--no-webhooks');

let doc;
try {
  doc = JSON.parse(readFileSync(peersPath, 'utf8'));
} catch (err) {
  console.error(
    `peers smoke: cannot read ${peersPath} (run npm run peers:up first): ${err.message}`,
  );
  process.exit(1);
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - t0} ms)${detail ? ` ${detail}` : ''}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${name}: ${err.message}`);
  }
}

async function api(peer, method, path, body, auth = peer.authorization) {
  const headers = { Authorization: auth, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${peer.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

function tenantBody(peer, suffix) {
  const name = `peers-smoke-${stamp}-${suffix}`;
  return peer.kind === 'netbox' ? { name, slug: name } : { name };
}

async function crud(peer, auth, label) {
  const created = await api(peer, 'POST', '/api/tenancy/tenants/', tenantBody(peer, label), auth);
  const list = await api(
    peer,
    'GET',
    `/api/tenancy/tenants/?name=${encodeURIComponent(created.name)}`,
    undefined,
    auth,
  );
  if (list.count !== 1 || list.results[0].id !== created.id) {
    throw new Error(`created tenant ${created.id} not found in the list (count ${list.count})`);
  }
  await api(peer, 'DELETE', `/api/tenancy/tenants/${created.id}/`, undefined, auth);
  return `tenant ${created.id}`;
}

for (const [key, peer] of Object.entries(doc.peers)) {
  await check(`${key}: GET /api/status/ (${peer.version})`, async () => {
    const status = await api(peer, 'GET', '/api/status/');
    const version = status['netbox-version'] ?? status['nautobot-version'];
    if (version !== peer.version)
      throw new Error(`version ${version}, peers.json says ${peer.version}`);
  });
  await check(`${key}: create, list, delete a tenant`, () => crud(peer, peer.authorization, 'a'));
  if (peer.authorizationV1) {
    await check(`${key}: same with the v1 token`, () => crud(peer, peer.authorizationV1, 'v1'));
  }
}

async function webhookCheck(key, peer) {
  const host = doc.webhookHost;
  const received = [];
  let notify;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url, body });
      res.writeHead(200).end();
      notify?.();
    });
  });
  await new Promise((ok, ko) => server.once('error', ko).listen(0, host, ok));
  const url = `http://${host}:${server.address().port}/hook/${key}`;
  const cleanup = [];
  try {
    if (peer.kind === 'netbox') {
      const hook = await api(peer, 'POST', '/api/extras/webhooks/', {
        name: `peers-smoke-${stamp}`,
        payload_url: url,
        http_method: 'POST',
        http_content_type: 'application/json',
      });
      cleanup.push(`/api/extras/webhooks/${hook.id}/`);
      const rule = await api(peer, 'POST', '/api/extras/event-rules/', {
        name: `peers-smoke-${stamp}`,
        object_types: ['tenancy.tenant'],
        event_types: ['object_created'],
        action_type: 'webhook',
        action_object_type: 'extras.webhook',
        action_object_id: hook.id,
      });
      cleanup.unshift(`/api/extras/event-rules/${rule.id}/`);
    } else {
      const hook = await api(peer, 'POST', '/api/extras/webhooks/', {
        name: `peers-smoke-${stamp}`,
        content_types: ['tenancy.tenant'],
        type_create: true,
        payload_url: url,
        http_method: 'POST',
        http_content_type: 'application/json',
        enabled: true,
      });
      cleanup.push(`/api/extras/webhooks/${hook.id}/`);
    }
    const arrived = new Promise((ok) => (notify = ok));
    const tenant = await api(peer, 'POST', '/api/tenancy/tenants/', tenantBody(peer, 'hook'));
    cleanup.unshift(`/api/tenancy/tenants/${tenant.id}/`);
    const timeout = new Promise((_, ko) =>
      setTimeout(() => ko(new Error(`no webhook at ${url} within 30 s`)), 30_000),
    );
    await Promise.race([arrived, timeout]);
    if (!received[0].body.includes(tenant.name))
      throw new Error('webhook body does not name the tenant');
    return `delivered to ${url}`;
  } finally {
    for (const path of cleanup) await api(peer, 'DELETE', path).catch(() => {});
    server.close();
  }
}

if (withWebhooks) {
  for (const [key, peer] of Object.entries(doc.peers)) {
    if (!doc.webhookHost) {
      console.log(`skip ${key}: webhook delivery (no webhookHost in peers.json)`);
      continue;
    }
    await check(`${key}: webhook delivered by the background worker`, () =>
      webhookCheck(key, peer),
    );
  }
}

console.log(`peers smoke: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
