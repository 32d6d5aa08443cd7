import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { pendingSchemaChanges, runMigrations } from './migration-runner';

/** A throwaway database of its own, so the spec starts from an empty schema. */
async function recreateDatabase(baseUrl: string, name: string): Promise<string> {
  const adminUrl = new URL(baseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function dataSourceFor(url: string): DataSource {
  return new DataSource(
    buildDataSourceOptions({ url, poolSize: 4, applicationName: 'plumbline-migration-spec' }),
  );
}

describe('migrations', () => {
  let url: string;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    const base = process.env['TEST_DATABASE_URL'];
    if (!base) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
    url = await recreateDatabase(base, `${new URL(base).pathname.slice(1)}_migrations`);
  });

  afterAll(async () => {
    await Promise.all(
      sources.filter((source) => source.isInitialized).map((source) => source.destroy()),
    );
  });

  async function open(): Promise<DataSource> {
    const source = await dataSourceFor(url).initialize();
    sources.push(source);
    return source;
  }

  it('migrates an empty database once, even when several processes start together', async () => {
    const [first, second, third] = await Promise.all([open(), open(), open()]);
    const applied = await Promise.all(
      [first, second, third].map((source) => runMigrations(source)),
    );
    const total = applied.reduce((sum, names) => sum + names.length, 0);
    expect(total).toBe(first.migrations.length);
    expect(total).toBeGreaterThan(0);
  });

  it('leaves nothing for the entities to add: entities and migrations agree', async () => {
    const source = await open();
    await expect(pendingSchemaChanges(source)).resolves.toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    const source = await open();
    for (let index = 0; index < source.migrations.length; index += 1) {
      await source.undoLastMigration({ transaction: 'each' });
    }
    const [row] = await source.query<Array<{ count: number }>>(
      "SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'",
    );
    expect(row?.count).toBe(0);
    await runMigrations(source);
    await expect(pendingSchemaChanges(source)).resolves.toEqual([]);
  });
});
