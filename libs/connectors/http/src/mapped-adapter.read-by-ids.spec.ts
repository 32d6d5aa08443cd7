import { connectorRegistry } from './connector-types';
import { MappedAdapter } from './mapped-adapter';
import { RestClient } from './rest-client';
import { type RecordedRequest, startTestServer } from './test-server';
import { defineVariant } from './variant-builder';

type Row = Record<string, unknown> & { id: number };

/** List endpoints that honour `?id=` (repeated) and nothing else. */
function peerWith(tables: Record<string, Row[]>) {
  return (request: RecordedRequest) => {
    const url = new URL(request.url, 'http://peer');
    const table = tables[url.pathname.replace(/^\/api\//, '')] ?? [];
    const ids = url.searchParams.getAll('id');
    const rows = ids.length > 0 ? table.filter((row) => ids.includes(String(row.id))) : table;
    return { status: 200, body: { count: rows.length, next: null, results: rows } };
  };
}

const variants = [
  defineVariant({ type: 'dcim.location', endpoint: 'dcim/sites/', attrs: ['name'] }),
  defineVariant({ type: 'dcim.manufacturer', endpoint: 'dcim/manufacturers/', attrs: ['name'] }),
  defineVariant({
    type: 'dcim.devicetype',
    endpoint: 'dcim/device-types/',
    attrs: ['model'],
    refs: [{ name: 'manufacturer', to: 'dcim.manufacturer' }],
  }),
  defineVariant({
    type: 'dcim.device',
    endpoint: 'dcim/devices/',
    attrs: ['name', 'serial'],
    refs: [
      { name: 'device_type', to: 'dcim.devicetype' },
      { name: 'location', to: 'dcim.location' },
    ],
  }),
];

describe('MappedAdapter.readByIds', () => {
  it('reads the objects a webhook names by id, references resolved, and leaves out ids that are gone', async () => {
    const server = await startTestServer(
      peerWith({
        'dcim/sites/': [{ id: 1, name: 'Berlin' }],
        'dcim/manufacturers/': [{ id: 11, name: 'Acme' }],
        'dcim/device-types/': [{ id: 21, model: 'X1', manufacturer: { id: 11 } }],
        'dcim/devices/': [
          { id: 7, name: 'edge-1', serial: 'SN-9', device_type: { id: 21 }, location: { id: 1 } },
          { id: 8, name: 'edge-2', serial: 'SN-2', device_type: { id: 21 }, location: { id: 1 } },
        ],
      }),
    );
    try {
      const sut = new MappedAdapter({
        client: new RestClient({ baseUrl: server.url, headers: () => ({}), maxAttempts: 1 }),
        registry: connectorRegistry,
        variants,
        idKey: 'netbox',
        sourceName: 'peer',
      });
      expect(sut.typeAtEndpoint('dcim/devices/')).toBe('dcim.device');
      expect(sut.typeAtEndpoint('dcim/cables/')).toBeUndefined();

      const found = await sut.readByIds('dcim.device', [7, 99], 'dcim/devices/');
      expect([...found.keys()]).toEqual(['7']);
      expect(found.get('7')).toMatchObject({
        key: 'edge-1',
        attrs: { name: 'edge-1', serial: 'SN-9' },
        refs: { device_type: 'Acme\u001fX1', location: 'Berlin' },
        ids: { netbox: 7 },
      });
      const deviceReads = server.requests.filter((request) =>
        request.url.includes('dcim/devices/'),
      );
      expect(
        deviceReads.map((request) => new URL(request.url, 'http://peer').searchParams.getAll('id')),
      ).toEqual([['7', '99']]);
      await expect(sut.readByIds('dcim.device', [])).resolves.toEqual(new Map());
    } finally {
      await server.close();
    }
  });
});
