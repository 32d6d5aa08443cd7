import { sign } from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from '../support/stack';

const EXTERNAL_ISSUER = 'https://idp.example.test';
const LIMITED_PATH = '/api/v1/system/heartbeats';

interface CreatedClient {
  id: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** Generous limits, except a low one on one endpoint the spec drives into 429. */
function writeRateLimits(): string {
  const path = join(tmpdir(), `plumbline-oauth-e2e-${process.pid}.yml`);
  writeFileSync(
    path,
    [
      'rate_limiting:',
      '  global: { requests_per_minute: 600000, burst_size: 100000 }',
      '  per_client: { requests_per_minute: 600000, burst_size: 100000 }',
      '  per_endpoint:',
      `    "${LIMITED_PATH}": { requests_per_minute: 60, burst_size: 3 }`,
      '  authentication_required: true',
      '  whitelist_ips: []',
    ].join('\n'),
  );
  return path;
}

describe('OAuth2 client credentials, scopes, key rotation and rate limits', () => {
  let stack: Stack;
  let adminToken: string;
  let jwksServer: Server;
  const external = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  beforeAll(async () => {
    const jwk = { ...external.publicKey.export({ format: 'jwk' }), kid: 'ext-1', use: 'sig' };
    jwksServer = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    jwksServer.listen(0, '127.0.0.1');
    await once(jwksServer, 'listening');
    const address = jwksServer.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    stack = await Stack.start({
      RATE_LIMITS_FILE: writeRateLimits(),
      OAUTH2_TRUSTED_ISSUERS: JSON.stringify([
        {
          issuer: EXTERNAL_ISSUER,
          jwksUrl: `http://127.0.0.1:${address.port}/jwks.json`,
          audience: 'plumbline-api',
        },
      ]),
    });
    adminToken = await stack.login();
  });

  afterAll(async () => {
    await stack?.stop();
    jwksServer?.close();
  });

  async function call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<Response> {
    return fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function createClient(scopes: string[]): Promise<CreatedClient> {
    const response = await call('POST', '/api/v1/clients', adminToken, {
      name: `e2e-${scopes.join('-')}-${Date.now()}`,
      scopes,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedClient;
  }

  function basicToken(clientId: string, secret: string, form: Record<string, string> = {}) {
    return fetch(`${stack.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(
          `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`,
        ).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString(),
    });
  }

  function postToken(clientId: string, secret: string) {
    return fetch(`${stack.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }).toString(),
    });
  }

  async function accessToken(response: Response): Promise<string> {
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  function kidOf(token: string): string {
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as {
      kid: string;
    };
    return header.kid;
  }

  it('issues tokens by Basic and by post authentication, and enforces their scopes', async () => {
    const client = await createClient(['read']);
    expect(client.clientId).toMatch(/^pl_/);
    expect(client.clientSecret.length).toBeGreaterThanOrEqual(43);

    const listed = await call('GET', `/api/v1/clients/${client.id}`, adminToken);
    expect(JSON.stringify(await listed.json())).not.toContain(client.clientSecret);

    const basic = await basicToken(client.clientId, client.clientSecret);
    expect(basic.headers.get('cache-control')).toBe('no-store');
    const body = (await basic.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read' });
    const viaPost = await accessToken(await postToken(client.clientId, client.clientSecret));

    expect((await call('GET', '/api/v1/connectors')).status).toBe(401);
    expect((await call('GET', '/api/v1/connectors')).headers.get('www-authenticate')).toBe(
      'Bearer',
    );
    expect((await call('GET', '/api/v1/connectors', 'not.a.token')).status).toBe(401);
    expect((await call('GET', '/api/v1/connectors', viaPost)).status).toBe(200);
    expect((await call('GET', '/api/v1/reviews', body['access_token'] as string)).status).toBe(200);
    const forbidden = await call('POST', '/api/v1/connectors', viaPost, {});
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ message: expect.stringMatching(/admin/) });

    const me = await call('GET', '/api/v1/auth/me', viaPost);
    expect(await me.json()).toMatchObject({
      kind: 'client',
      id: client.clientId,
      scopes: ['read'],
    });
  });

  it('answers RFC 6749 errors: wrong secret, unknown grant, a scope not granted', async () => {
    const client = await createClient(['read', 'review']);
    const wrong = await basicToken(client.clientId, 'wrong-secret');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="plumbline"');
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });

    const grant = await basicToken(client.clientId, client.clientSecret, {
      grant_type: 'password',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const scope = await basicToken(client.clientId, client.clientSecret, { scope: 'read admin' });
    expect(scope.status).toBe(400);
    expect(await scope.json()).toMatchObject({ error: 'invalid_scope' });

    const narrowed = await basicToken(client.clientId, client.clientSecret, { scope: 'review' });
    expect(await narrowed.json()).toMatchObject({ scope: 'review' });
  });

  it('refuses tokens to a disabled client and to an old secret after rotation', async () => {
    const client = await createClient(['read']);
    expect((await call('POST', `/api/v1/clients/${client.id}/disable`, adminToken)).status).toBe(
      200,
    );
    const disabled = await basicToken(client.clientId, client.clientSecret);
    expect(disabled.status).toBe(400);
    expect(await disabled.json()).toMatchObject({ error: 'unauthorized_client' });
    await call('POST', `/api/v1/clients/${client.id}/enable`, adminToken);
    await accessToken(await basicToken(client.clientId, client.clientSecret));

    const rotated = await call('POST', `/api/v1/clients/${client.id}/rotate-secret`, adminToken);
    const { clientSecret } = (await rotated.json()) as CreatedClient;
    expect(clientSecret).not.toBe(client.clientSecret);
    expect((await basicToken(client.clientId, client.clientSecret)).status).toBe(401);
    await accessToken(await basicToken(client.clientId, clientSecret));
  });

  it('rotates the signing key without breaking tokens already issued', async () => {
    const client = await createClient(['read', 'admin']);
    const before = await accessToken(await basicToken(client.clientId, client.clientSecret));

    const rotation = await call('POST', '/api/v1/oauth2/keys/rotate', before);
    expect(rotation.status).toBe(200);
    const { kid } = (await rotation.json()) as { kid: string };
    expect(kid).not.toBe(kidOf(before));

    const jwks = (await (await call('GET', '/.well-known/jwks.json')).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([kid, kidOf(before)]));

    const after = await accessToken(await basicToken(client.clientId, client.clientSecret));
    expect(kidOf(after)).toBe(kid);
    expect((await call('GET', '/api/v1/clients', before)).status).toBe(200);
    expect((await call('GET', '/api/v1/clients', after)).status).toBe(200);
  });

  it('accepts tokens from a trusted external issuer with the scopes they carry', async () => {
    const token = sign({ scp: ['read'], azp: 'external-ci' }, external.privateKey, {
      algorithm: 'ES256',
      keyid: 'ext-1',
      issuer: EXTERNAL_ISSUER,
      audience: 'plumbline-api',
      subject: 'svc-1',
      expiresIn: 300,
    });
    const me = await call('GET', '/api/v1/auth/me', token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      kind: 'client',
      name: 'external-ci',
      scopes: ['read'],
    });
    expect((await call('GET', '/api/v1/connectors', token)).status).toBe(200);
    expect((await call('POST', '/api/v1/connectors', token, {})).status).toBe(403);

    const otherAudience = sign({ scope: 'read' }, external.privateKey, {
      algorithm: 'ES256',
      keyid: 'ext-1',
      issuer: EXTERNAL_ISSUER,
      audience: 'someone-else',
      expiresIn: 300,
    });
    expect((await call('GET', '/api/v1/connectors', otherAudience)).status).toBe(401);
  });

  it('refuses requests over a limit with 429 and Retry-After, and admits them again later', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let round = 0; round < 6; round += 1) {
      const response = await call('GET', LIMITED_PATH, adminToken);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(refused).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(await refused!.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(refused!.headers.get('ratelimit-remaining')).toBe('0');
    // Other endpoints are not affected by that endpoint's bucket.
    expect((await call('GET', '/api/v1/connectors', adminToken)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    expect((await call('GET', LIMITED_PATH, adminToken)).status).toBe(200);

    const metrics = await (await call('GET', '/metrics')).text();
    expect(metrics).toMatch(/plumbline_rate_limited_total\{scope="endpoint"\} [1-9]/);
  });
});
