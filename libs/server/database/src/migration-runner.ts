import { type DataSource } from 'typeorm';

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 4_201_907_311;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that an api and several
 * workers starting together migrate once, one after the other.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}

/**
 * The SQL that would bring the schema in line with the entities. Empty when entities and
 * migrations agree; anything else means a migration is missing.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}
