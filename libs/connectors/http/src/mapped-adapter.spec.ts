import { type CanonicalRecord, type Operation } from '@plumbline/diff-engine';
import { connectorRegistry } from './connector-types';
import { MappedAdapter } from './mapped-adapter';
import { RestClient } from './rest-client';
import { type RecordedRequest, startTestServer } from './test-server';
import { byLast, defineVariant } from './variant-builder';

type Row = Record<string, unknown> & { id: number };

/** A small Nautobot-like peer: list endpoints with exact-match filters, bulk PATCH and POST. */
function fakePeer(tables: Record<string, Row[]>) {
  let nextId = 1000;
  return (request: RecordedRequest) => {
    const url = new URL(request.url, 'http://peer');
    const endpoint = url.pathname.replace(/^\/api\//, '');
    const table = tables[endpoint];
    if (!table) return { status: 404, body: { detail: 'Not found.' } };
    if (request.method === 'GET') {
      const filters = new Map<string, string[]>();
      for (const [name, value] of url.searchParams) {
        if (['limit', 'offset', 'depth'].includes(name)) continue;
        filters.set(name, [...(filters.get(name) ?? []), value]);
      }
      const matches = table.filter((row) =>
        [...filters].every(([name, values]) => {
          const raw = row[name];
          const value = typeof raw === 'object' && raw !== null ? (raw as Row).id : raw;
          return values.includes(String(value));
        }),
      );
      return { status: 200, body: { count: matches.length, next: null, results: matches } };
    }
    const items = request.body as Row[];
    if (request.method === 'PATCH') {
      for (const item of items) Object.assign(table.find((row) => row.id === item.id) ?? {}, item);
      return { status: 200, body: items };
    }
    const created = items.map((item) => {
      const row: Row = { ...item, id: (nextId += 1) };
      for (const field of ['location', 'device_type'] as const) {
        if (typeof row[field] === 'number') row[field] = { id: row[field] };
      }
      table.push(row);
      return row;
    });
    return { status: 201, body: created };
  };
}

const variants = [
  defineVariant({
    type: 'dcim.location',
    endpoint: 'dcim/locations/',
    lookup: byLast('name'),
    attrs: ['name', 'description'],
    refs: [{ name: 'parent', to: 'dcim.location' }],
  }),
  defineVariant({
    type: 'dcim.manufacturer',
    endpoint: 'dcim/manufacturers/',
    lookup: byLast('name'),
    attrs: ['name'],
  }),
  defineVariant({
    type: 'dcim.devicetype',
    endpoint: 'dcim/device-types/',
    lookup: byLast('model'),
    attrs: ['model'],
    refs: [{ name: 'manufacturer', to: 'dcim.manufacturer' }],
  }),
  defineVariant({
    type: 'dcim.device',
    endpoint: 'dcim/devices/',
    lookup: byLast('name'),
    attrs: ['name', 'serial'],
    refs: [
      { name: 'device_type', to: 'dcim.devicetype' },
      { name: 'location', to: 'dcim.location' },
    ],
  }),
  defineVariant({
    type: 'dcim.interface',
    endpoint: 'dcim/interfaces/',
    lookup: [
      { param: 'device', part: 0, to: 'dcim.device' },
      { param: 'name', part: -1 },
    ],
    attrs: ['name'],
    refs: [{ name: 'device', to: 'dcim.device' }],
  }),
];

function dataset(): Record<string, Row[]> {
  const devices: Row[] = [];
  for (let index = 1; index <= 60; index += 1) {
    devices.push({
      id: 100 + index,
      name: `dev-${index}`,
      serial: `S${index}`,
      device_type: { id: 21 },
      location: { id: index % 2 === 0 ? 2 : 3 },
    });
  }
  return {
    'dcim/locations/': [
      { id: 1, name: 'Europe', description: '', parent: null },
      { id: 2, name: 'Berlin', description: '', parent: { id: 1 } },
      { id: 3, name: 'Paris', description: '', parent: { id: 1 } },
    ],
    'dcim/manufacturers/': [{ id: 11, name: 'Acme' }],
    'dcim/device-types/': [{ id: 21, model: 'X1', manufacturer: { id: 11 } }],
    'dcim/devices/': devices,
    'dcim/interfaces/': [
      { id: 501, name: 'eth0', device: { id: 101 } },
      { id: 502, name: 'eth0', device: { id: 102 } },
    ],
  };
}

async function withPeer(
  test: (
    adapter: MappedAdapter,
    requests: RecordedRequest[],
    tables: Record<string, Row[]>,
  ) => Promise<void>,
  options: { maxKeyedRead?: number } = {},
): Promise<void> {
  const tables = dataset();
  const server = await startTestServer(fakePeer(tables));
  try {
    const adapter = new MappedAdapter({
      client: new RestClient({ baseUrl: server.url, headers: () => ({}), maxAttempts: 1 }),
      registry: connectorRegistry,
      variants,
      idKey: 'nautobot',
      sourceName: 'peer',
      hasClientIds: false,
      ...options,
    });
    await test(adapter, server.requests, tables);
  } finally {
    await server.close();
  }
}

const paths = (requests: readonly RecordedRequest[]) =>
  requests.map((request) => `${request.method} ${decodeURIComponent(request.url)}`);
const withoutTime = ({ observedAt: _observedAt, ...record }: CanonicalRecord) => record;

function update(type: string, key: string, field: string, value: string): Operation {
  return {
    action: 'update',
    type,
    key,
    level: 0,
    changes: [{ field, current: null, proposed: value, side: 'source' }],
  } as unknown as Operation;
}

describe(MappedAdapter.name, () => {
  it('reads one device by name, and its parents by id, instead of the whole type', async () => {
    let wholeRead: CanonicalRecord | undefined;
    await withPeer(
      async (adapter) => {
        wholeRead = (await adapter.read('dcim.device', ['dev-7'])).get('dev-7');
      },
      { maxKeyedRead: 0 },
    );
    await withPeer(async (sut, requests) => {
      const found = await sut.read('dcim.device', ['dev-7']);
      expect(paths(requests)).toEqual([
        'GET /api/dcim/devices/?name=dev-7&limit=1000&offset=0',
        expect.stringMatching(/^GET \/api\/dcim\/(device-types\/\?id=21|locations\/\?id=3)&/),
        expect.stringMatching(/^GET \/api\/dcim\/(device-types\/\?id=21|locations\/\?id=3)&/),
        'GET /api/dcim/manufacturers/?id=11&limit=1000&offset=0',
      ]);
      expect(withoutTime(found.get('dev-7') as CanonicalRecord)).toEqual(
        withoutTime(wholeRead as CanonicalRecord),
      );
      expect(found.get('dev-7')?.refs).toEqual({ device_type: 'Acme\u001fX1', location: 'Paris' });

      // The parents are known now: the next device costs one request.
      requests.length = 0;
      await sut.read('dcim.device', ['dev-9', 'dev-404']);
      expect(paths(requests)).toEqual([
        'GET /api/dcim/devices/?name=dev-9&name=dev-404&limit=1000&offset=0',
      ]);
    });
  });

  it('resolves the parent of a location read by key by reading the parent by id', async () => {
    await withPeer(async (sut, requests) => {
      const found = await sut.read('dcim.location', ['Berlin']);
      expect(found.get('Berlin')?.refs).toEqual({ parent: 'Europe' });
      expect(paths(requests)).toEqual([
        'GET /api/dcim/locations/?name=Berlin&limit=1000&offset=0',
        'GET /api/dcim/locations/?id=1&limit=1000&offset=0',
      ]);
    });
  });

  it('updates what a keyed read found without reading the type again', async () => {
    await withPeer(async (sut, requests, tables) => {
      await sut.read('dcim.device', ['dev-3']);
      requests.length = 0;
      const [result] = await sut.write({
        action: 'update',
        type: 'dcim.device',
        level: 0,
        operations: [update('dcim.device', 'dev-3', 'serial', 'NEW')],
      });
      expect(result).toEqual({ status: 'applied', ids: { nautobot: 103 } });
      expect(paths(requests)).toEqual(['PATCH /api/dcim/devices/']);
      expect(tables['dcim/devices/']?.find((row) => row.id === 103)?.['serial']).toBe('NEW');
    });
  });

  it('looks up a parent created after its type was indexed before failing a reference', async () => {
    await withPeer(async (sut, requests, tables) => {
      await sut.ensureIndexed('dcim.location');
      tables['dcim/locations/']?.push({ id: 4, name: 'Madrid', description: '', parent: null });
      requests.length = 0;
      const [created, unknown] = await sut.write({
        action: 'create',
        type: 'dcim.device',
        level: 0,
        operations: [
          {
            action: 'create',
            type: 'dcim.device',
            key: 'dev-new',
            level: 0,
            attrs: { name: 'dev-new' },
            refs: { location: 'Madrid', device_type: 'Acme\u001fX1' },
          },
          {
            action: 'create',
            type: 'dcim.device',
            key: 'dev-nowhere',
            level: 0,
            attrs: { name: 'dev-nowhere' },
            refs: { location: 'Atlantis' },
          },
        ] as unknown as Operation[],
      });
      expect(created?.status).toBe('applied');
      expect(unknown).toEqual({
        status: 'failed',
        error: expect.stringContaining('dcim.location "Atlantis" not found') as string,
      });
      // One lookup for both missing locations, none of the whole list.
      expect(paths(requests).filter((path) => path.includes('locations'))).toEqual([
        'GET /api/dcim/locations/?name=Madrid&name=Atlantis&limit=1000&offset=0',
      ]);
      expect(tables['dcim/devices/']?.at(-1)).toMatchObject({
        name: 'dev-new',
        location: { id: 4 },
      });
    });
  });

  it('filters interfaces by the peer id of their device and keeps exact key matches', async () => {
    await withPeer(async (sut, requests) => {
      const found = await sut.read('dcim.interface', ['dev-2\u001feth0', 'dev-60\u001feth0']);
      expect([...found.keys()]).toEqual(['dev-2\u001feth0']);
      // The devices are needed for their ids only: their own references are not read.
      expect(paths(requests)).toEqual([
        'GET /api/dcim/devices/?name=dev-2&name=dev-60&limit=1000&offset=0',
        'GET /api/dcim/interfaces/?device=102&device=160&name=eth0&limit=1000&offset=0',
      ]);
    });
  });

  it('reads the whole type above maxKeyedRead keys', async () => {
    await withPeer(
      async (sut, requests) => {
        const found = await sut.read('dcim.device', ['dev-1', 'dev-2', 'dev-3']);
        expect(found.size).toBe(3);
        expect(paths(requests)).toContain('GET /api/dcim/devices/?limit=1000&offset=0');
      },
      { maxKeyedRead: 2 },
    );
  });

  it('forgets a key the peer no longer has', async () => {
    await withPeer(async (sut, _requests, tables) => {
      await sut.read('dcim.device', ['dev-5']);
      tables['dcim/devices/'] = (tables['dcim/devices/'] ?? []).filter((row) => row.id !== 105);
      expect((await sut.read('dcim.device', ['dev-5'])).size).toBe(0);
      const [result] = await sut.write({
        action: 'update',
        type: 'dcim.device',
        level: 0,
        operations: [update('dcim.device', 'dev-5', 'serial', 'X')],
      });
      expect(result).toEqual({
        status: 'failed',
        error: expect.stringContaining('not found') as string,
      });
    });
  });
});
