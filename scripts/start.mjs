// `npm start`: install what is missing, migrate, build, start api + worker (which serves
// the web app), and print where to log in. Ctrl-C stops everything gracefully.
import {
  ensureDatabase,
  ensureDependencies,
  ensureEnvFile,
  loadEnv,
  run,
  startProcess,
  step,
  waitForHttp,
} from './lib.mjs';

try {
  ensureDependencies();
  const generated = ensureEnvFile();
  if (generated.length > 0) step(`Wrote generated secrets to .env: ${generated.join(', ')}`);
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (in the environment or .env)');

  step('Preparing the database');
  if (await ensureDatabase(env.DATABASE_URL)) console.log('created the database');

  step('Building api, worker and web');
  run('node', ['scripts/build-server.mjs']);
  run('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn']);

  step('Migrating');
  run('node', ['dist/apps/api/cli.js', 'migrate'], { env });

  step('Starting api and worker');
  const children = [
    startProcess('api', ['--enable-source-maps', 'dist/apps/api/main.js'], env),
    startProcess('worker', ['--enable-source-maps', 'dist/apps/worker/main.js'], env),
  ];
  let isStopping = false;
  const stop = (signal) => {
    if (isStopping) return;
    isStopping = true;
    for (const child of children) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const child of children) {
    child.on('exit', () => {
      stop('SIGTERM');
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null))
        process.exit(isStopping ? 0 : 1);
    });
  }

  const port = env.PORT || '8080';
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/ready`, 60_000);
  console.log(`
Plumbline is running.
  Admin app:   ${url}/
  API docs:    ${url}/api/docs
  Readiness:   ${url}/health/ready
Log in as ${env.ADMIN_EMAIL || 'admin@plumbline.local'} with the password set as ADMIN_PASSWORD in .env
(that user is created on the first start, when no users exist). Ctrl-C stops Plumbline.
`);
} catch (error) {
  console.error(`\nnpm start failed: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
