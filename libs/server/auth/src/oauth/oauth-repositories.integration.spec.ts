import {
  buildDataSourceOptions,
  OAuthClientEntity,
  OAuthSigningKeyEntity,
  runMigrations,
} from '@plumbline/server-database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OAuthClientsRepository } from './oauth-clients.repository';
import { type NewSigningKey, SigningKeysRepository } from './signing-keys.repository';

function keyMaterial(): NewSigningKey {
  return {
    kid: `test-${randomUUID()}`,
    privateKeySealed: 'v1:sealed',
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
  };
}

describe('OAuth repositories', () => {
  const sources: DataSource[] = [];

  async function open(): Promise<DataSource> {
    const url = process.env['TEST_DATABASE_URL'];
    if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
    const source = await new DataSource(
      buildDataSourceOptions({ url, poolSize: 4, applicationName: 'plumbline-oauth-spec' }),
    ).initialize();
    sources.push(source);
    return source;
  }

  beforeAll(async () => {
    const source = await open();
    await runMigrations(source);
    await source.getRepository(OAuthSigningKeyEntity).clear();
  });

  afterAll(async () => {
    // The database is shared with the end-to-end suites: leave no fake keys or clients.
    const [source] = sources;
    await source?.getRepository(OAuthSigningKeyEntity).clear();
    await source?.query(`DELETE FROM oauth_clients WHERE name LIKE 'spec-%'`);
    await Promise.all(sources.map((source) => source.destroy()));
  });

  describe(SigningKeysRepository.name, () => {
    it('creates exactly one first key when several processes race', async () => {
      const processes = await Promise.all([open(), open(), open()]);
      const repositories = processes.map(
        (source) => new SigningKeysRepository(source.getRepository(OAuthSigningKeyEntity)),
      );
      const created = await Promise.all(
        repositories.map((repository) => repository.insertFirstKey(keyMaterial())),
      );
      expect(created.filter(Boolean)).toHaveLength(1);
      const usable = await repositories[0]!.listUsable(new Date());
      expect(usable).toHaveLength(1);
      expect(usable[0]!.activatedAt).toBeInstanceOf(Date);
    });

    it('rotates to a new active key; the old one stays usable within its grace period', async () => {
      const source = sources[0]!;
      const sut = new SigningKeysRepository(source.getRepository(OAuthSigningKeyEntity));
      const [before] = await sut.listUsable(new Date());
      const next = keyMaterial();
      await sut.rotateTo(next);

      const withinGrace = await sut.listUsable(new Date(Date.now() - 60_000));
      expect(withinGrace.map((key) => key.kid)).toEqual([next.kid, before!.kid]);
      expect(withinGrace[0]!.retiredAt).toBeNull();
      expect(withinGrace[1]!.retiredAt).toBeInstanceOf(Date);
      // Once the grace period is over, only the new key is left.
      const afterGrace = await sut.listUsable(new Date(Date.now() + 60_000));
      expect(afterGrace.map((key) => key.kid)).toEqual([next.kid]);
    });
  });

  describe(OAuthClientsRepository.name, () => {
    it('stores a client, refuses a second with the same name, and updates it', async () => {
      const sut = new OAuthClientsRepository(sources[0]!.getRepository(OAuthClientEntity));
      const name = `spec-${randomUUID()}`;
      const created = await sut.create({
        clientId: `pl_${randomUUID()}`,
        name,
        description: 'spec',
        scopes: ['read', 'ingest'],
        secretHash: 'hmac-sha256$abc',
      });
      expect(created).toMatchObject({ name, scopes: ['read', 'ingest'], isDisabled: false });
      const duplicate = await sut.create({
        clientId: `pl_${randomUUID()}`,
        name,
        description: '',
        scopes: ['read'],
        secretHash: 'x',
      });
      expect(duplicate).toBeNull();

      expect(await sut.setDisabled(created!.id, true)).toBe(true);
      expect(await sut.replaceSecret(created!.id, 'hmac-sha256$def')).toBe(true);
      await sut.touchLastUsed(created!.clientId);
      const stored = await sut.findByClientId(created!.clientId);
      expect(stored).toMatchObject({ isDisabled: true, secretHash: 'hmac-sha256$def' });
      expect(stored!.secretRotatedAt).toBeInstanceOf(Date);
      expect(stored!.lastUsedAt).toBeInstanceOf(Date);

      expect(await sut.remove(created!.id)).toBe(true);
      expect(await sut.findById(created!.id)).toBeNull();
      expect(await sut.setDisabled(created!.id, false)).toBe(false);
    });
  });
});
