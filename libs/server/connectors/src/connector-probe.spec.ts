import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { probeConnector } from './connector-probe';

/** A local HTTP endpoint answering as told: exercises the probe's own handling of answers. */
async function answering(
  status: number,
  body: string,
): Promise<{ url: string; server: Server; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const base = { token: 'nbt_abc.def', verifyTls: true, apiVersion: null };

describe(probeConnector.name, () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it.each([
    ['netbox', 'nbt_abc.def', 'Bearer nbt_abc.def', { 'netbox-version': '4.7.3' }, '4.7.3'],
    [
      'nautobot',
      '0123456789abcdef0123456789abcdef01234567',
      'Token 0123456789abcdef0123456789abcdef01234567',
      { 'nautobot-version': '3.2.7' },
      '3.2.7',
    ],
  ] as const)(
    'reads the %s version with the right authorization',
    async (kind, token, authorization, body, version) => {
      const peer = await answering(200, JSON.stringify(body));
      servers.push(peer.server);
      const sut = await probeConnector({ ...base, kind, token, url: `${peer.url}/` });
      expect(sut).toMatchObject({ ok: true, statusCode: 200, version, error: null });
      expect(peer.seen[0]?.authorization).toBe(authorization);
    },
  );

  it.each([
    [403, '{"detail":"Invalid token"}', 'the token was refused'],
    [500, 'oops', 'the status endpoint answered HTTP 500'],
    [200, '<html>login</html>', 'the answer is not a netbox status document'],
  ])('fails an answer of HTTP %i with a reason', async (status, body, error) => {
    const peer = await answering(status, body);
    servers.push(peer.server);
    const sut = await probeConnector({ ...base, kind: 'netbox', url: peer.url });
    expect(sut).toMatchObject({ ok: false, statusCode: status, version: null, error });
  });

  it('fails a refused connection with the error code', async () => {
    const peer = await answering(200, '{}');
    await new Promise((resolve) => peer.server.close(resolve));
    const sut = await probeConnector({ ...base, kind: 'netbox', url: peer.url });
    expect(sut.ok).toBe(false);
    expect(sut.statusCode).toBeNull();
    expect(sut.error).toMatch(/^ECONNREFUSED/);
  });
});
