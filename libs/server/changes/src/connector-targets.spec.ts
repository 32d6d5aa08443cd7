import { NautobotAdapter } from '@plumbline/connector-nautobot';
import { NetboxAdapter } from '@plumbline/connector-netbox';
import {
  ConnectorDto,
  ConnectorNotFoundError,
  type ConnectorsService,
} from '@plumbline/server-connectors';
import { type BaselinesRepository } from './baselines.repository';
import { ConnectorTargets, SHARED_ADAPTER_TTL_MS } from './connector-targets';

describe(ConnectorTargets.name, () => {
  const rows = new Map<string, ConnectorDto>();
  const connectors = {
    credentialsFor: jest.fn((id: string) => {
      const connector = rows.get(id);
      if (!connector) return Promise.reject(new ConnectorNotFoundError(id));
      return Promise.resolve({ connector, token: 'secret-token' });
    }),
  };
  let sut: ConnectorTargets;

  function row(id: string, kind: 'netbox' | 'nautobot', updatedAt: string): void {
    rows.set(
      id,
      Object.assign(new ConnectorDto(), {
        id,
        name: `peer ${id}`,
        kind,
        url: 'http://127.0.0.1:9',
        verifyTls: true,
        apiVersion: null,
        description: '',
        hasToken: true,
        createdAt: new Date('2025-01-01T00:00:00Z'),
        updatedAt: new Date(updatedAt),
      }),
    );
  }

  beforeEach(() => {
    rows.clear();
    row('nb', 'netbox', '2025-01-01T00:00:00Z');
    row('nt', 'nautobot', '2025-01-01T00:00:00Z');
    sut = new ConnectorTargets(
      connectors as unknown as ConnectorsService,
      {} as BaselinesRepository,
    );
  });

  afterEach(() => jest.restoreAllMocks());

  it('builds a fresh adapter of the connector kind on every adapterFor', async () => {
    const first = await sut.adapterFor('nb');
    expect(first).toBeInstanceOf(NetboxAdapter);
    expect(await sut.adapterFor('nb')).not.toBe(first);
    expect(await sut.adapterFor('nt')).toBeInstanceOf(NautobotAdapter);
  });

  it('hands out the same shared adapter per connector until the connector is edited', async () => {
    const first = await sut.sharedAdapterFor('nb');
    expect(await sut.sharedAdapterFor('nb')).toBe(first);
    expect(await sut.sharedAdapterFor('nt')).not.toBe(first);

    row('nb', 'netbox', '2025-01-02T00:00:00Z');
    const afterEdit = await sut.sharedAdapterFor('nb');
    expect(afterEdit).not.toBe(first);
    expect(await sut.sharedAdapterFor('nb')).toBe(afterEdit);
  });

  it('builds a new shared adapter once the old one is older than the TTL', async () => {
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    const first = await sut.sharedAdapterFor('nt');
    clock.mockReturnValue(start + SHARED_ADAPTER_TTL_MS - 1);
    expect(await sut.sharedAdapterFor('nt')).toBe(first);
    clock.mockReturnValue(start + SHARED_ADAPTER_TTL_MS);
    expect(await sut.sharedAdapterFor('nt')).not.toBe(first);
  });

  it('drops the shared adapter of a connector that was removed', async () => {
    const first = await sut.sharedAdapterFor('nb');
    rows.delete('nb');
    await expect(sut.sharedAdapterFor('nb')).rejects.toBeInstanceOf(ConnectorNotFoundError);
    // A connector made again under the same id (and timestamp) must not get the old adapter.
    row('nb', 'netbox', '2025-01-01T00:00:00Z');
    expect(await sut.sharedAdapterFor('nb')).not.toBe(first);
  });

  it('forgets shared adapters on request', async () => {
    const first = await sut.sharedAdapterFor('nb');
    sut.forgetShared('nb');
    expect(await sut.sharedAdapterFor('nb')).not.toBe(first);
  });
});
