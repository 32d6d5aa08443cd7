// `npm run db:generate -- AddConnectors`: writes a migration for whatever the entities
// have that the migrations do not, lists it in migrations/index.ts and formats both.
import { loadEnv, run } from './lib.mjs';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run db:generate -- <PascalCaseName>');
  process.exit(2);
}
run('node', ['scripts/build-server.mjs']);
run('node', ['dist/apps/api/cli.js', 'migration:generate', name], { env: loadEnv() });
run('npx', ['prettier', '--write', 'migrations', '--log-level=warn']);
