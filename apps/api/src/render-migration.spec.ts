import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMigration, writeMigrationIndex } from './render-migration';

describe(renderMigration.name, () => {
  it('writes a named migration class whose down undoes up in reverse order', () => {
    const sut = renderMigration('AddWidgets', 1700000000000, {
      upQueries: [
        { query: 'CREATE TABLE "widgets" ()' },
        { query: 'CREATE INDEX "w_idx" ON "widgets" ("id")' },
      ],
      downQueries: [{ query: 'DROP TABLE "widgets"' }, { query: 'DROP INDEX "w_idx"' }],
    });
    expect(sut.path).toBe('migrations/1700000000000-add-widgets.ts');
    expect(sut.source).toContain(
      'export class AddWidgets1700000000000 implements MigrationInterface',
    );
    const up = sut.source.indexOf('CREATE TABLE');
    const down = sut.source.slice(sut.source.indexOf('async down'));
    expect(up).toBeGreaterThan(0);
    expect(down.indexOf('DROP INDEX')).toBeLessThan(down.indexOf('DROP TABLE'));
  });
});

describe(writeMigrationIndex.name, () => {
  it('lists every migration file oldest first', () => {
    const directory = mkdtempSync(join(tmpdir(), 'plumbline-migrations-'));
    writeFileSync(
      join(directory, '1700000000002-second.ts'),
      'export class Second1700000000002 {}',
    );
    writeFileSync(join(directory, '1700000000001-first.ts'), 'export class First1700000000001 {}');
    writeFileSync(join(directory, 'notes.md'), 'not a migration');
    writeMigrationIndex(directory);
    const index = readFileSync(join(directory, 'index.ts'), 'utf8');
    expect(index).toContain("import { First1700000000001 } from './1700000000001-first';");
    expect(index).toContain('= [First1700000000001, Second1700000000002];');
  });
});
