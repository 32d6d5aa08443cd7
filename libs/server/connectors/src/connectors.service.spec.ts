import { type AppConfig } from '@plumbline/server-config';
import { type ConnectorEntity } from '@plumbline/server-database';
import { type HealthService } from '@plumbline/server-system';
import { type ConnectorsRepository } from './connectors.repository';
import { ConnectorsService } from './connectors.service';

function setUp() {
  const rows = new Map<string, ConnectorEntity>();
  let next = 0;
  const repository = {
    findAll: () => Promise.resolve([...rows.values()]),
    findById: (id: string) => Promise.resolve(rows.get(id) ?? null),
    findByName: (name: string) =>
      Promise.resolve([...rows.values()].find((row) => row.name === name) ?? null),
    save: (input: Partial<ConnectorEntity>) => {
      const id = input.id ?? `c${(next += 1)}`;
      const row = {
        description: '',
        receivesIngest: true,
        createdAt: new Date(0),
        updatedAt: new Date(0),
        ...input,
        id,
      } as ConnectorEntity;
      rows.set(id, row);
      return Promise.resolve(row);
    },
  } as unknown as ConnectorsRepository;
  const config = { ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') } as AppConfig;
  const sut = new ConnectorsService(repository, {} as HealthService, config);
  return { sut, rows };
}

const netbox = { name: 'netbox-a', kind: 'netbox', url: 'http://nb', token: 'nbt_x.y' } as const;

describe(ConnectorsService.name, () => {
  it('keeps a webhook secret sealed and never returns it, only whether one is set', async () => {
    const { sut, rows } = setUp();
    const created = await sut.create({ ...netbox, webhookSecret: 'hook-secret-123' });
    expect(created.hasWebhookSecret).toBe(true);
    expect(JSON.stringify(created)).not.toContain('hook-secret-123');
    const stored = rows.get(created.id)?.webhookSecretSealed ?? '';
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('hook-secret-123');
    expect(await sut.webhookSecretsFor('netbox')).toEqual([
      { connector: expect.objectContaining({ id: created.id }), secret: 'hook-secret-123' },
    ]);
  });

  it('offers only connectors of the asked kind that have a secret', async () => {
    const { sut } = setUp();
    await sut.create(netbox);
    await sut.create({
      ...netbox,
      name: 'nautobot-a',
      kind: 'nautobot',
      webhookSecret: 'n-secret-1',
    });
    expect(await sut.webhookSecretsFor('netbox')).toEqual([]);
    expect((await sut.webhookSecretsFor('nautobot')).map((entry) => entry.secret)).toEqual([
      'n-secret-1',
    ]);
  });

  it('replaces the secret on update, keeps it when not sent and removes it when sent empty', async () => {
    const { sut } = setUp();
    const { id } = await sut.create({ ...netbox, webhookSecret: 'first-secret' });
    await sut.update(id, { webhookSecret: 'second-secret' });
    expect((await sut.webhookSecretsFor('netbox'))[0]?.secret).toBe('second-secret');
    await sut.update(id, { description: 'edge' });
    expect((await sut.webhookSecretsFor('netbox'))[0]?.secret).toBe('second-secret');
    const removed = await sut.update(id, { webhookSecret: '' });
    expect(removed.hasWebhookSecret).toBe(false);
    expect(await sut.webhookSecretsFor('netbox')).toEqual([]);
  });
});
