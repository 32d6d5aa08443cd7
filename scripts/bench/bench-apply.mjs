#!/usr/bin/env node
// Apply benchmark: the same N records (locations, racks, devices, IP addresses mixed) created in
// one real Nautobot by Plumbline (bulk writes through the connector) and by a plain
// one-at-a-time pynautobot loop, one after the other, through the same REST API with
// validation and change logging on. The records are removed after each run, so both start
// from the same state.
//   npm run bench:apply -- --objects 10000 [--peer nautobotDiscovery] [--skip-pynautobot]
// By default the run gets a Nautobot of its own: a copy of the peers harness's Nautobot 3.2
// (its cached install, and a database cloned from its migrated template, so it is fresh),
// served by uwsgi like the peers, on port 18010 — shared peers get reset by other test runs.
// --peer NAME uses a peer from peers.json instead.
// The last line of stdout is the JSON result.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '10000' },
    peer: { type: 'string' },
    port: { type: 'string', default: '18010' },
    'skip-pynautobot': { type: 'boolean', default: false },
    'out-dir': { type: 'string', default: join(root, 'bench-out', 'apply') },
  },
});
const objects = Number(values.objects);
if (!Number.isInteger(objects) || objects < 10) fail('--objects must be an integer of at least 10');

function fail(message) {
  process.stderr.write(`bench:apply: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`bench:apply: ${message}\n`);
}

const peersPath = join(root, 'peers.json');
if (!existsSync(peersPath)) fail(`${peersPath} is missing: run npm run peers:up first`);
const peers = JSON.parse(readFileSync(peersPath, 'utf8')).peers;
const peer = values.peer ? peers[values.peer] : await startPrivateNautobot();
if (!peer || peer.kind !== 'nautobot') fail(`peers.json has no Nautobot peer ${values.peer}`);

/**
 * A fresh Nautobot for this run only: the harness's venv and static files, the discovery
 * instance's configuration with its own database (cloned from the migrated template, which
 * holds the admin token of peers.json) and its own Redis databases, served by uwsgi.
 */
async function startPrivateNautobot() {
  const cache = JSON.parse(readFileSync(peersPath, 'utf8')).cacheDir;
  const venv = join(cache, 'nautobot', 'venv');
  const source = join(cache, 'nautobot', 'discovery');
  if (!existsSync(join(venv, 'bin', 'nautobot-server'))) fail(`no Nautobot install under ${venv}`);
  const dir = join(homedir(), '.cache', 'plumbline', 'bench-nautobot');
  mkdirSync(dir, { recursive: true });
  const database = 'plumbline_bench_nautobot';
  const config = readFileSync(join(source, 'nautobot_config.py'), 'utf8')
    .replace(/plumbline_peer_nautobot_discovery/g, database)
    .replace(/redis:\/\/127\.0\.0\.1:6379\/14/g, 'redis://127.0.0.1:6379/8')
    .replace(/redis:\/\/127\.0\.0\.1:6379\/15/g, 'redis://127.0.0.1:6379/9')
    .replaceAll(source, dir);
  writeFileSync(join(dir, 'nautobot_config.py'), config);
  const ini = readFileSync(join(source, 'uwsgi.ini'), 'utf8')
    .replace(/^http = .*$/m, `http = 127.0.0.1:${values.port}`)
    .replaceAll(source, dir);
  writeFileSync(join(dir, 'uwsgi.ini'), ini);
  const psql = (sql) =>
    spawnSync(
      'psql',
      ['-X', '-Atq', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-c', sql],
      {
        encoding: 'utf8',
      },
    );
  psql(`drop database if exists ${database} with (force)`);
  // The template is busy while the harness clones it; try again for a while.
  for (let attempt = 0; ; attempt += 1) {
    const made = psql(`create database ${database} template plumbline_peer_tpl_nautobot`);
    if (made.status === 0 && !made.stderr.includes('ERROR')) break;
    if (attempt > 60) fail(`cannot clone the Nautobot template: ${made.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  spawnSync('redis-cli', ['-n', '8', 'flushdb']);
  spawnSync('redis-cli', ['-n', '9', 'flushdb']);
  const env = {
    PATH: `${join(venv, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    HOME: homedir(),
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    NAUTOBOT_ROOT: dir,
    NAUTOBOT_CONFIG: join(dir, 'nautobot_config.py'),
  };
  const serverLog = openSync(join(dir, 'uwsgi.log'), 'w');
  const server = spawn('nautobot-server', ['start', '--ini', join(dir, 'uwsgi.ini')], {
    env,
    detached: true,
    stdio: ['ignore', serverLog, serverLog],
  });
  // The server is stopped on exit; it must not keep this process alive.
  server.unref();
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', () => {
    stop();
    psql(`drop database if exists ${database} with (force)`);
  });
  process.on('SIGINT', () => process.exit(130));
  const url = `http://127.0.0.1:${values.port}`;
  const token = peers.nautobotDiscovery.token;
  for (let waited = 0; ; waited += 1) {
    const answer = await fetch(`${url}/api/status/`, {
      headers: { Authorization: `Token ${token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    if (answer?.ok) break;
    if (waited > 120) fail(`the private Nautobot on ${url} did not answer within 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { kind: 'nautobot', name: 'bench-nautobot (private)', url, token };
}

const outDir = values['out-dir'];
mkdirSync(outDir, { recursive: true });

/**
 * Out of every 10 objects: 1 location, 2 racks, 4 devices (each in a rack of its location)
 * and 3 IP addresses. The setup records (location type, role, device type, parent prefix)
 * are created before either timed run and are not counted.
 */
function generate() {
  const setup = [
    {
      type: 'dcim.locationtype',
      attrs: { name: 'bench-site', nestable: false, content_types: ['dcim.device', 'dcim.rack'] },
    },
    { type: 'extras.role', attrs: { name: 'bench-role', content_types: ['dcim.device'] } },
    { type: 'dcim.manufacturer', attrs: { name: 'bench-vendor' } },
    {
      type: 'dcim.devicetype',
      attrs: { model: 'bench-model', u_height: 0 },
      refs: { manufacturer: 'bench-vendor' },
    },
    { type: 'ipam.prefix', attrs: { prefix: '10.0.0.0/8' }, refs: { status: 'Active' } },
  ];
  const locations = Math.max(1, Math.round(objects / 10));
  const racks = Math.max(1, Math.round((objects * 2) / 10));
  const devices = Math.max(1, Math.round((objects * 4) / 10));
  const addresses = objects - locations - racks - devices;
  const pad = (value) => String(value).padStart(6, '0');
  const records = [];
  for (let index = 0; index < locations; index += 1) {
    records.push({
      type: 'dcim.location',
      attrs: { name: `bench-loc-${pad(index)}` },
      refs: { location_type: 'bench-site', status: 'Active' },
    });
  }
  const rackPlace = [];
  for (let index = 0; index < racks; index += 1) {
    const location = `bench-loc-${pad(index % locations)}`;
    rackPlace.push([location, `bench-rack-${pad(index)}`]);
    records.push({
      type: 'dcim.rack',
      attrs: { name: `bench-rack-${pad(index)}` },
      refs: { location, status: 'Active' },
    });
  }
  for (let index = 0; index < devices; index += 1) {
    const rack = rackPlace[index % racks];
    records.push({
      type: 'dcim.device',
      attrs: { name: `bench-dev-${pad(index)}` },
      refs: {
        device_type: ['bench-vendor', 'bench-model'],
        role: 'bench-role',
        location: rack[0],
        rack,
        status: 'Active',
      },
    });
  }
  for (let index = 0; index < addresses; index += 1) {
    const host = index + 1;
    records.push({
      type: 'ipam.ipaddress',
      attrs: {
        address: `10.${(host >> 16) & 255}.${(host >> 8) & 255}.${host & 255}/32`,
        type: 'host',
      },
      refs: { status: 'Active' },
    });
  }
  const toLines = (list) => `${list.map((record) => JSON.stringify(record)).join('\n')}\n`;
  writeFileSync(join(outDir, 'setup.jsonl'), toLines(setup));
  writeFileSync(join(outDir, 'records.jsonl'), toLines(records));
  return records.length;
}

async function bundle() {
  const outfile = join(outDir, 'bench-apply-plumbline.mjs');
  await build({
    entryPoints: [join(root, 'scripts/bench/bench-apply-plumbline.mjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  return outfile;
}

function run(command, args, label) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, BENCH_NAUTOBOT_TOKEN: peer.token },
  });
  if (result.status !== 0) fail(`${label} failed (exit ${result.status}):\n${result.stderr}`);
  if (result.stderr) process.stderr.write(result.stderr);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** A venv under ~/.cache/plumbline with pynautobot from PyPI, made once. */
function pynautobotPython() {
  const venv = join(homedir(), '.cache', 'plumbline', 'bench-venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    log(`creating ${venv}`);
    const made = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    if (made.status !== 0) fail('python3 -m venv failed');
  }
  const check = spawnSync(python, ['-c', 'import pynautobot'], { stdio: 'ignore' });
  if (check.status !== 0) {
    log('pip install pynautobot');
    const installed = spawnSync(python, ['-m', 'pip', 'install', '-q', 'pynautobot'], {
      stdio: 'inherit',
    });
    if (installed.status !== 0) fail('pip install pynautobot failed');
  }
  return python;
}

const count = generate();
const plumbline = await bundle();
const records = join(outDir, 'records.jsonl');
const plumblineArgs = (file, extra = []) => [
  plumbline,
  '--url',
  peer.url,
  '--records',
  file,
  ...extra,
];

log(`${peer.name} at ${peer.url}: ${count} records; setting up`);
const setup = run(process.execPath, plumblineArgs(join(outDir, 'setup.jsonl')), 'setup');
if (setup.failed > 0) fail(`setup failed: ${JSON.stringify(setup.firstFailures)}`);
// A previous interrupted run may have left records behind.
run(process.execPath, plumblineArgs(records, ['--delete']), 'clean-up before');

log('Plumbline: creating');
const ours = run(process.execPath, plumblineArgs(records), 'Plumbline run');
if (ours.failed > 0 || ours.applied !== count) {
  fail(`Plumbline applied ${ours.applied}/${count}: ${JSON.stringify(ours.firstFailures)}`);
}
log(`Plumbline: ${count} objects in ${ours.seconds.toFixed(1)} s; removing them`);
run(process.execPath, plumblineArgs(records, ['--delete']), 'clean-up after Plumbline');

let theirs;
if (!values['skip-pynautobot']) {
  const python = pynautobotPython();
  log('pynautobot: creating one at a time');
  theirs = run(
    python,
    [
      join(root, 'scripts/bench/bench-apply-pynautobot.py'),
      '--url',
      peer.url,
      '--records',
      records,
    ],
    'pynautobot run',
  );
  log(`pynautobot: ${theirs.created} objects in ${theirs.seconds.toFixed(1)} s; removing them`);
  run(process.execPath, plumblineArgs(records, ['--delete']), 'clean-up after pynautobot');
}

const round = (value) => Math.round(value * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    objects: count,
    plumblineSeconds: round(ours.seconds),
    plumblineObjectsPerSecond: round(count / ours.seconds),
    pynautobotSeconds: theirs ? round(theirs.seconds) : null,
    speedup: theirs ? round(theirs.seconds / ours.seconds) : null,
  })}\n`,
);
process.exit(0);
