import { MIGRATIONS } from '@plumbline/migrations';
import { buildDataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';

describe(buildDataSourceOptions.name, () => {
  it('never synchronizes the schema and carries every entity and migration', () => {
    const sut = buildDataSourceOptions({
      url: 'postgres://postgres@127.0.0.1:5432/x',
      poolSize: 7,
      applicationName: 'plumbline-spec',
    });
    expect(sut).toMatchObject({ type: 'postgres', synchronize: false, migrationsRun: false });
    expect(sut.entities).toEqual(ENTITIES);
    expect(sut.migrations).toEqual(MIGRATIONS);
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect((sut as { extra: { max: number } }).extra.max).toBe(7);
  });
});
