#!/usr/bin/env node
// Ingest benchmark against the real api + worker processes and a real Nautobot.
//   npm run bench:ingest -- [--entities 20000] [--batch 1000] [--producers 4]
//                           [--singles 60] [--rate 1] [--singles-type device|manufacturer]
//                           [--peer nautobotDiscovery]
// 1. Acceptance: `--entities` manufacturers sent by `--producers` concurrent producers, each an
//    OAuth2 client of its own, in batches of `--batch`, through the default rate limits (100
//    requests a minute per client, burst 20: keep batches per producer at 20 or fewer); measures
//    entities accepted per second (first request sent → last 202 received) and the p99 of
//    request latency. Those ingestions are then cancelled, so the Nautobot is not busy
//    creating thousands of objects during step 2.
// 2. Applied latency: `--singles` single-entity requests (devices by default, their parents
//    ingested first) at a steady `--rate` per second; for each, the time from its 202 to the
//    `created` stamp Nautobot gave the object (same host clock). p50/p95/max.
// Builds the server bundles, uses a fresh database `plumbline_bench` and a Redis key prefix of
// its own, cleans up what it created. The last line of stdout is the JSON result.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDatabase, root, run, startProcess, waitForHttp } from '../lib.mjs';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '1000' },
    producers: { type: 'string', default: '4' },
    singles: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1' },
    peer: { type: 'string', default: 'nautobotDiscovery' },
    /** What the single-entity step ingests: devices (with their parents made first) or manufacturers. */
    'singles-type': { type: 'string', default: 'device' },
    port: { type: 'string', default: '18560' },
    'no-build': { type: 'boolean', default: false },
  },
});
const entities = positive('entities');
const batch = positive('batch');
const producers = positive('producers');
const singles = positive('singles');
const rate = Number(values.rate);
const singlesType = values['singles-type'];
if (!['device', 'manufacturer'].includes(singlesType))
  fail('--singles-type must be device or manufacturer');
if (!(rate > 0)) fail('--rate must be a positive number of requests per second');

function positive(name) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive integer`);
  return value;
}

function fail(message) {
  process.stderr.write(`bench:ingest: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`bench:ingest: ${message}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bookkeeping calls wait out a 429 as a well-behaved client does (measured calls do not). */
async function politeFetch(url, init) {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(url, init);
    if (response.status !== 429 || attempt >= 20) return response;
    await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
  }
}

function percentile(samples, share) {
  const sorted = [...samples].sort((left, right) => left - right);
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 10) / 10;
}

const peersPath = join(root, 'peers.json');
if (!existsSync(peersPath)) fail(`${peersPath} is missing: run npm run peers:up first`);
const peer = JSON.parse(readFileSync(peersPath, 'utf8')).peers[values.peer];
if (!peer || peer.kind !== 'nautobot') fail(`peers.json has no Nautobot peer ${values.peer}`);

async function nautobot(method, path, body) {
  for (let attempt = 1; ; attempt += 1) {
    let response;
    try {
      response = await fetch(`${peer.url}/api/${path}`, {
        method,
        headers: {
          authorization: `Token ${peer.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      // uwsgi closes idle keep-alive connections; a read is simply sent again.
      if (method !== 'GET' || attempt >= 5) throw error;
      continue;
    }
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return response.status === 204 ? null : response.json();
  }
}

async function deleteWhere(path, filter) {
  for (;;) {
    const page = await nautobot('GET', `${path}?${filter}&limit=500`);
    if (page.results.length === 0) return;
    await nautobot(
      'DELETE',
      path,
      page.results.map((object) => ({ id: object.id })),
    );
  }
}

async function cleanUp(prefix) {
  await deleteWhere('dcim/devices/', `name__isw=${prefix}`);
  await deleteWhere('dcim/device-types/', `model__isw=${prefix}`);
  await deleteWhere('dcim/manufacturers/', `name__isw=${prefix}`);
  await deleteWhere('extras/roles/', `name__isw=${prefix}`);
  await deleteWhere('dcim/locations/', `name__isw=${prefix}`);
  await deleteWhere('dcim/location-types/', `name__isw=${prefix}`);
}

if (!values['no-build']) run('node', ['scripts/build-server.mjs']);
const databaseUrl = 'postgres://postgres@127.0.0.1:5432/plumbline_bench';
const { default: pg } = await import('pg');
{
  const admin = new pg.Client({
    connectionString: databaseUrl.replace(/\/plumbline_bench$/, '/postgres'),
  });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS plumbline_bench WITH (FORCE)');
  await admin.end();
}
await ensureDatabase(databaseUrl);

const port = Number(values.port);
const baseUrl = `http://127.0.0.1:${port}`;
const adminPassword = randomBytes(12).toString('hex');
const env = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  QUEUE_PREFIX: `bench-ingest-${Date.now()}`,
  JWT_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ADMIN_EMAIL: 'bench@plumbline.local',
  ADMIN_PASSWORD: adminPassword,
  LOG_LEVEL: 'warn',
};
run('node', ['dist/apps/api/cli.js', 'migrate'], { env });
const api = startProcess('api', ['dist/apps/api/main.js'], env);
const worker = startProcess('worker', ['dist/apps/worker/main.js'], env);
const prefix = `bench-ing-${Date.now().toString(36)}`;
let result;
try {
  await waitForHttp(`${baseUrl}/health/ready`, 60_000);
  const adminToken = (
    await (
      await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: env.ADMIN_EMAIL, password: adminPassword }),
      })
    ).json()
  ).accessToken;
  const asAdmin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const connector = await (
    await fetch(`${baseUrl}/api/v1/connectors`, {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({
        name: 'bench-nautobot',
        kind: 'nautobot',
        url: peer.url,
        token: peer.token,
      }),
    })
  ).json();
  if (!connector.id) throw new Error(`connector: ${JSON.stringify(connector)}`);
  const tokenFor = async (name) => {
    const client = await (
      await fetch(`${baseUrl}/api/v1/clients`, {
        method: 'POST',
        headers: asAdmin,
        body: JSON.stringify({ name, scopes: ['ingest', 'read'] }),
      })
    ).json();
    if (!client.clientSecret) throw new Error(`client: ${JSON.stringify(client)}`);
    const tokenResponse = await fetch(`${baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).toString(),
    });
    const token = (await tokenResponse.json()).access_token;
    if (!token) throw new Error(`token: ${tokenResponse.status}`);
    return token;
  };
  // Each batch producer is a client of its own, and so is the single-entity producer.
  const producerTokens = [];
  for (let index = 0; index < producers; index += 1) {
    producerTokens.push(await tokenFor(`bench-batch-producer-${index}`));
  }
  const singleToken = await tokenFor('bench-single-producer');
  const asProducer = (index) => ({
    authorization: `Bearer ${producerTokens[index]}`,
    'content-type': 'application/json',
  });
  const asSingle = { authorization: `Bearer ${singleToken}`, 'content-type': 'application/json' };
  const ingestUrl = `${baseUrl}/api/v1/ingest/dcim.manufacturer?connector=bench-nautobot`;

  // Warm-up: one small request so connection set-up is not measured.
  await fetch(ingestUrl, {
    method: 'POST',
    headers: asSingle,
    body: JSON.stringify({ name: `${prefix}-warmup`, description: 'bench' }),
  });

  // 1. Acceptance.
  const batches = [];
  for (let start = 0; start < entities; start += batch) {
    batches.push(
      Array.from({ length: Math.min(batch, entities - start) }, (_, offset) => ({
        name: `${prefix}-a-${start + offset}`,
        description: 'accepted by bench:ingest',
      })),
    );
  }
  const bodies = batches.map((items) => JSON.stringify(items));
  const latencies = [];
  const ingestionIds = [];
  let next = 0;
  const acceptStarted = performance.now();
  await Promise.all(
    Array.from({ length: producers }, async (_, producer) => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const sentAt = performance.now();
        const response = await fetch(ingestUrl, {
          method: 'POST',
          headers: asProducer(producer),
          body,
        });
        const answer = await response.json();
        latencies.push(performance.now() - sentAt);
        if (response.status !== 202)
          throw new Error(`batch: ${response.status} ${JSON.stringify(answer)}`);
        ingestionIds.push(answer.ingestionId);
      }
    }),
  );
  const acceptSeconds = (performance.now() - acceptStarted) / 1000;
  log(`accepted ${entities} entities in ${acceptSeconds.toFixed(2)} s`);
  for (const id of ingestionIds) {
    await politeFetch(`${baseUrl}/api/v1/ingestions/${id}/cancel`, {
      method: 'POST',
      headers: asAdmin,
    });
  }
  // Let the worker finish the chunks it had in hand before measuring single entities.
  for (let waited = 0; waited < 300_000; waited += 1000) {
    const status = await (
      await politeFetch(`${baseUrl}/api/v1/sync/status`, { headers: asAdmin })
    ).json();
    if (status.ingestions.running === 0 && status.ingestions.accepted === 0) break;
    await sleep(1000);
  }

  // 2. Applied latency at a steady rate. Devices need their parents on the instance first.
  const ingestOne = async (type, entity) => {
    const response = await politeFetch(
      `${baseUrl}/api/v1/ingest/${type}?connector=bench-nautobot`,
      { method: 'POST', headers: asAdmin, body: JSON.stringify(entity) },
    );
    const { ingestionId } = await response.json();
    for (;;) {
      const state = await (
        await politeFetch(`${baseUrl}/api/v1/ingestions/${ingestionId}`, { headers: asAdmin })
      ).json();
      if (state.state === 'completed') {
        if (!['created', 'unchanged'].includes(state.entities[0]?.outcome)) {
          throw new Error(`${type}: ${JSON.stringify(state.entities[0])}`);
        }
        return;
      }
      await sleep(500);
    }
  };
  if (singlesType === 'device') {
    await ingestOne('dcim.manufacturer', { name: `${prefix}-acme` });
    await ingestOne('dcim.devicetype', {
      manufacturer: `${prefix}-acme`,
      model: `${prefix}-x1`,
      u_height: 1,
    });
    await ingestOne('extras.role', {
      name: `${prefix}-leaf`,
      color: '00ff00',
      content_types: ['dcim.device'],
    });
    await ingestOne('dcim.locationtype', {
      name: `${prefix}-site`,
      nestable: false,
      content_types: ['dcim.device'],
      parent: null,
    });
    await ingestOne('dcim.location', {
      name: `${prefix}-dc1`,
      location_type: `${prefix}-site`,
      status: 'Active',
      parent: null,
    });
  }
  const single = (index) =>
    singlesType === 'device'
      ? {
          type: 'dcim.device',
          path: 'dcim/devices/',
          entity: {
            name: `${prefix}-s-${index}`,
            serial: `SN-${index}`,
            device_type: [`${prefix}-acme`, `${prefix}-x1`],
            role: `${prefix}-leaf`,
            location: `${prefix}-dc1`,
            status: 'Active',
          },
        }
      : {
          type: 'dcim.manufacturer',
          path: 'dcim/manufacturers/',
          entity: { name: `${prefix}-s-${index}`, description: 'applied by bench:ingest' },
        };
  // Nautobot stamps each object's `created` when it saves it; comparing that stamp with the
  // moment the 202 arrived (same host, same clock) measures accepted → visible without
  // polling Nautobot while it works, which would slow it down and distort the figure.
  const interval = 1000 / rate;
  const startedAt = performance.now();
  const sent = [];
  const requests = [];
  for (let index = 0; index < singles; index += 1) {
    const due = startedAt + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const probe = single(index);
    requests.push(
      fetch(`${baseUrl}/api/v1/ingest/${probe.type}?connector=bench-nautobot`, {
        method: 'POST',
        headers: asSingle,
        body: JSON.stringify(probe.entity),
      }).then(async (response) => {
        const acceptedAtMs = Date.now();
        if (response.status !== 202) {
          throw new Error(`single: ${response.status} ${await response.text()}`);
        }
        sent.push({ ...probe, acceptedAtMs });
      }),
    );
  }
  await Promise.all(requests);
  for (let waited = 0; ; waited += 1000) {
    const status = await (
      await politeFetch(`${baseUrl}/api/v1/sync/status`, { headers: asAdmin })
    ).json();
    if (status.ingestions.running === 0 && status.ingestions.accepted === 0) break;
    if (waited > 300_000) throw new Error('single entities not applied within 5 minutes');
    await sleep(1000);
  }
  const applied = [];
  for (const probe of sent) {
    const page = await nautobot(
      'GET',
      `${probe.path}?name=${encodeURIComponent(probe.entity.name)}`,
    );
    const created = page.results[0]?.created;
    if (!created) throw new Error(`${probe.entity.name} is not on the Nautobot`);
    applied.push(Date.parse(created) - probe.acceptedAtMs);
  }

  result = {
    entities,
    batchSize: batch,
    producers,
    acceptedPerSecond: Math.round(entities / acceptSeconds),
    acceptP50Ms: percentile(latencies, 0.5),
    acceptP99Ms: percentile(latencies, 0.99),
    singles,
    singlesType,
    ratePerSecond: rate,
    appliedP50Ms: percentile(applied, 0.5),
    appliedP95Ms: percentile(applied, 0.95),
    appliedMaxMs: percentile(applied, 1),
  };
} finally {
  const exited = (child) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', resolve));
  api.kill('SIGTERM');
  worker.kill('SIGTERM');
  await Promise.all([exited(api), exited(worker)]);
  await cleanUp(prefix).catch((error) => log(`clean-up: ${error.message}`));
}
process.stdout.write(`${JSON.stringify(result)}\n`);
