import { bulkWrite } from './bulk-write';
import { RestClient } from './rest-client';
import { startTestServer } from './test-server';

describe(bulkWrite.name, () => {
  it('attaches the peer field errors to the failing items and still writes the others', async () => {
    // Like NetBox: a list with one bad item is rejected whole, one error object per item.
    const server = await startTestServer((request) => {
      const items = request.body as { name?: string }[];
      const errors = items.map((item) => (item.name ? {} : { name: ['This field is required.'] }));
      if (errors.some((error) => Object.keys(error).length > 0))
        return { status: 400, body: errors };
      return { status: 201, body: items.map((item, index) => ({ id: index + 1, ...item })) };
    });
    try {
      const client = new RestClient({ baseUrl: server.url, headers: () => ({}) });
      const sut = await bulkWrite(client, 'POST', 'dcim/sites/', [
        { name: 'a' },
        {},
        { name: 'c' },
      ]);
      expect(sut).toEqual([
        { isOk: true, object: { id: 1, name: 'a' } },
        expect.objectContaining({
          isOk: false,
          fieldErrors: { name: ['This field is required.'] },
        }),
        { isOk: true, object: { id: 2, name: 'c' } },
      ]);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('falls back to one by one when the error does not say which item failed', async () => {
    const server = await startTestServer((request) => {
      const items = request.body as { name?: string }[];
      if (items.some((item) => !item.name)) return { status: 400, body: { detail: 'bad' } };
      return { status: 201, body: items.map((item) => ({ id: item.name, ...item })) };
    });
    try {
      const client = new RestClient({ baseUrl: server.url, headers: () => ({}) });
      const sut = await bulkWrite(client, 'POST', 'x/', [{ name: 'a' }, {}, { name: 'c' }], {
        batchSize: 10,
      });
      expect(sut.map((result) => result.isOk)).toEqual([true, false, true]);
      expect(server.requests.map((request) => (request.body as unknown[]).length)).toEqual([
        3, 1, 1, 1,
      ]);
    } finally {
      await server.close();
    }
  });

  it('sends the items in batches of batchSize', async () => {
    const server = await startTestServer((request) => ({ status: 200, body: request.body }));
    try {
      const client = new RestClient({ baseUrl: server.url, headers: () => ({}) });
      const items = Array.from({ length: 5 }, (_item, id) => ({ id }));
      const sut = await bulkWrite(client, 'PATCH', 'x/', items, { batchSize: 2 });
      expect(sut).toHaveLength(5);
      expect(server.requests.map((request) => (request.body as unknown[]).length).sort()).toEqual([
        1, 2, 2,
      ]);
    } finally {
      await server.close();
    }
  });
});
