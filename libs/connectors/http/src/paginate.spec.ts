import { paginate } from './paginate';
import { RestClient } from './rest-client';
import { startTestServer } from './test-server';

describe(paginate.name, () => {
  it('streams every page in offset order with several requests in flight', async () => {
    const total = 2500;
    const server = await startTestServer((request) => {
      const url = new URL(request.url, 'http://x');
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      const results = Array.from(
        { length: Math.max(0, Math.min(limit, total - offset)) },
        (_item, index) => ({ id: offset + index }),
      );
      return {
        status: 200,
        body: { count: total, next: offset + limit < total ? 'more' : null, results },
      };
    });
    try {
      const client = new RestClient({ baseUrl: server.url, headers: () => ({}) });
      const ids: number[] = [];
      for await (const page of paginate<{ id: number }>(client, 'dcim/devices/', { brief: true })) {
        ids.push(...page.map((item) => item.id));
      }
      expect(ids).toEqual(Array.from({ length: total }, (_item, index) => index));
      expect(server.requests.map((request) => request.url)).toEqual([
        '/api/dcim/devices/?brief=true&limit=1000&offset=0',
        '/api/dcim/devices/?brief=true&limit=1000&offset=1000',
        '/api/dcim/devices/?brief=true&limit=1000&offset=2000',
      ]);
    } finally {
      await server.close();
    }
  });
});
