// `npm test`: the whole suite, in the order a failure is cheapest to find.
// format → lint → typecheck → unit → API contract → build → integration → e2e → compose file.
import { spawnSync } from 'node:child_process';
import { ensureDatabase, ensureDependencies, root, run, step } from './lib.mjs';

const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/plumbline_test';
const timings = [];
const skipped = [];

async function timed(title, work) {
  step(title);
  const startedAt = Date.now();
  await work();
  timings.push([title, (Date.now() - startedAt) / 1000]);
}

async function recreateTestDatabase() {
  const { default: pg } = await import('pg');
  const url = new URL(testDatabaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(testDatabaseUrl);
}

// Nx keeps its task cache outside the checkout (shared by clones on one machine); the
// suite skips it so that every run really lints, typechecks and tests.
const nx = (target) => [
  'nx',
  'run-many',
  '-t',
  target,
  '--outputStyle=static',
  '--parallel=2',
  '--skip-nx-cache',
];
const testEnv = { ...process.env, TEST_DATABASE_URL: testDatabaseUrl, NX_DAEMON: 'false' };

try {
  ensureDependencies();
  await timed('Format (prettier --check)', () =>
    run('npx', ['prettier', '--check', '.', '--log-level=warn']),
  );
  await timed('Lint', () => run('npx', nx('lint'), { env: testEnv }));
  await timed('Typecheck', () => run('npx', nx('typecheck'), { env: testEnv }));
  await timed('Unit tests', () => run('npx', nx('test'), { env: testEnv }));
  await timed('API contract is current (OpenAPI document, client, metadata)', () =>
    run('node', ['scripts/contracts.mjs', '--check']),
  );
  await timed('Build api, worker and web', () => {
    run('node', ['scripts/build-server.mjs']);
    run('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn']);
  });
  await timed('Fresh test database', recreateTestDatabase);
  await timed('Real peers: NetBox 4.7, Nautobot 3.2 (npm run peers:up)', () => {
    const result = spawnSync('npm', ['run', '--silent', 'peers:up'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status === 0) return;
    // Exit code 3: peers cannot run on this machine (no root, no debootstrap, …).
    if (result.status === 3 && process.env.CI !== 'true') {
      testEnv.PLUMBLINE_PEERS_UNAVAILABLE =
        'npm run peers:up says peers cannot run on this machine';
      skipped.push(`suites that need real peers: ${testEnv.PLUMBLINE_PEERS_UNAVAILABLE}`);
      return;
    }
    throw new Error(`npm run peers:up failed (exit ${result.status}); real peers are required`);
  });
  await timed('Integration tests (PostgreSQL, Redis)', () =>
    run('npx', ['jest', '-c', 'jest.integration.config.cjs', '--runInBand'], { env: testEnv }),
  );
  await timed('End-to-end tests (api, worker, browser)', () =>
    run('npx', ['jest', '-c', 'e2e/jest.config.cjs', '--runInBand'], { env: testEnv }),
  );
  await timed('Compose file (docker compose config)', () => {
    // The compose plugin where the machine has it; Debian's docker-compose otherwise.
    const hasPlugin = spawnSync('docker', ['compose', 'version'], { cwd: root }).status === 0;
    const [command, ...prefix] = hasPlugin ? ['docker', 'compose'] : ['docker-compose'];
    run(command, [...prefix, '-f', 'docker/compose.yaml', 'config', '--quiet'], {
      env: {
        ...process.env,
        JWT_SECRET: 'compose-config-check-placeholder-secret',
        ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      },
    });
  });
  console.log('\nAll checks passed:');
  for (const [title, seconds] of timings)
    console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${title}`);
} catch (error) {
  console.error(`\nnpm test failed: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
