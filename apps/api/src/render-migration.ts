import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

interface SqlQuery {
  query: string;
  parameters?: unknown[];
}

/** Renders the schema builder's difference as a migration class in `migrations/`. */
export function renderMigration(
  name: string,
  timestamp: number,
  sql: { upQueries: SqlQuery[]; downQueries: SqlQuery[] },
): { path: string; source: string } {
  const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const line = (query: SqlQuery): string => {
    const parameters = query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : '';
    return `    await queryRunner.query(${JSON.stringify(query.query)}${parameters});`;
  };
  const source = `import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map(line).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${[...sql.downQueries].reverse().map(line).join('\n')}
  }
}
`;
  return { path: `migrations/${timestamp}-${kebab}.ts`, source };
}

/** Rewrites `migrations/index.ts` so that it lists every migration file, oldest first. */
export function writeMigrationIndex(directory = 'migrations'): void {
  const files = readdirSync(directory)
    .filter((file) => /^\d+-[a-z0-9-]+\.ts$/.test(file))
    .sort();
  const entries = files.map((file) => {
    const match = /export class (\w+)/.exec(readFileSync(`${directory}/${file}`, 'utf8'));
    if (!match?.[1]) throw new Error(`${directory}/${file} exports no migration class`);
    return { className: match[1], module: `./${file.replace(/\.ts$/, '')}` };
  });
  const source = [
    ...entries.map((entry) => `import { ${entry.className} } from '${entry.module}';`),
    '',
    '/** Every migration, oldest first. `plumbline-admin migration:generate` adds to this list. */',
    `export const MIGRATIONS: Array<new () => unknown> = [${entries.map((entry) => entry.className).join(', ')}];`,
    '',
  ].join('\n');
  writeFileSync(`${directory}/index.ts`, source);
}
