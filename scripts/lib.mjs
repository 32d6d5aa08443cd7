// Helpers shared by start.mjs and test.mjs. Node built-ins only: these run before
// `npm ci` has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function step(title) {
  process.stdout.write(`\n▶ ${title}\n`);
}

/** Runs a command in the repo root, inheriting output; throws when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    const error = new Error(
      `${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`,
    );
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = `${root}/node_modules/.package-lock.json`;
  const lock = `${root}/package-lock.json`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step('Installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

export function parseEnvFile(path) {
  const values = {};
  if (!existsSync(path)) return values;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

const GENERATED_SECRETS = {
  JWT_SECRET: () => randomBytes(32).toString('base64url'),
  ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  ADMIN_PASSWORD: () => randomBytes(12).toString('base64url'),
};

/**
 * Creates .env from .env.example on the first run and fills in any secret that is still
 * empty with a generated one. Returns the names it generated.
 */
export function ensureEnvFile() {
  const path = `${root}/.env`;
  let text = existsSync(path)
    ? readFileSync(path, 'utf8')
    : readFileSync(`${root}/.env.example`, 'utf8');
  const generated = [];
  for (const [key, make] of Object.entries(GENERATED_SECRETS)) {
    if (process.env[key]) continue;
    const line = new RegExp(`^${key}=(.*)$`, 'm');
    const match = line.exec(text);
    if (match && match[1].trim() !== '') continue;
    text = match ? text.replace(line, `${key}=${make()}`) : `${text.trimEnd()}\n${key}=${make()}\n`;
    generated.push(key);
  }
  if (generated.length > 0 || !existsSync(path)) writeFileSync(path, text, { mode: 0o600 });
  return generated;
}

/** Process environment over .env: what the caller exported wins. */
export function loadEnv() {
  return { ...parseEnvFile(`${root}/.env`), ...process.env };
}

/** Creates the database named in the URL if the server does not have it yet. */
export async function ensureDatabase(databaseUrl) {
  const { default: pg } = await import('pg');
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (error) {
    if (error.code !== '3D000') throw error;
  }
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return true;
}

export function startProcess(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`${name} exited with ${code}\n`);
  });
  return child;
}

export async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${last})`);
}
