import { AmbiguousWriteError, PeerHttpError, RestClient } from './rest-client';
import { startTestServer } from './test-server';

describe(RestClient.name, () => {
  const noSleep = jest.fn(() => Promise.resolve());

  function createSut(
    url: string,
    extra: Partial<ConstructorParameters<typeof RestClient>[0]> = {},
  ) {
    return new RestClient({
      baseUrl: url,
      headers: () => ({ Authorization: 'Token secret-token-value', Accept: 'application/json' }),
      sleep: noSleep,
      random: () => 0.5,
      ...extra,
    });
  }

  beforeEach(() => noSleep.mockClear());

  it('retries a 503 after the Retry-After the peer asked for, then returns the body', async () => {
    let calls = 0;
    const server = await startTestServer(() =>
      ++calls < 3
        ? { status: 503, body: { detail: 'busy' }, headers: { 'retry-after': '2' } }
        : { status: 200, body: { ok: true } },
    );
    try {
      const sut = createSut(server.url);
      await expect(sut.get('dcim/devices/', { limit: 5, id: ['a', 'b'] })).resolves.toEqual({
        ok: true,
      });
      expect(noSleep.mock.calls).toEqual([[2000], [2000]]);
      expect(server.requests[0]?.url).toBe('/api/dcim/devices/?limit=5&id=a&id=b');
    } finally {
      await server.close();
    }
  });

  it('returns a validation error with the peer field errors and does not retry it', async () => {
    const server = await startTestServer(() => ({ status: 400, body: { name: ['required'] } }));
    try {
      const sut = createSut(server.url);
      const failure = sut.request('POST', 'dcim/sites/', { body: {} });
      await expect(failure).rejects.toBeInstanceOf(PeerHttpError);
      await expect(failure).rejects.toMatchObject({ status: 400, body: { name: ['required'] } });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('does not resend a POST whose connection broke, and says its outcome is unknown', async () => {
    const server = await startTestServer(() => 'reset');
    try {
      const sut = createSut(server.url);
      await expect(sut.request('POST', 'dcim/sites/', { body: [{}] })).rejects.toBeInstanceOf(
        AmbiguousWriteError,
      );
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('retries a GET that timed out, up to maxAttempts', async () => {
    const server = await startTestServer(() => 'hang');
    try {
      const sut = createSut(server.url, { timeoutMs: 50, maxAttempts: 3 });
      await expect(sut.get('status/')).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('never puts the token in an error message', async () => {
    const server = await startTestServer(() => ({
      status: 403,
      body: { detail: 'Invalid token' },
    }));
    try {
      const sut = createSut(server.url);
      const error = await sut.get('status/').catch((caught: unknown) => caught);
      expect(String((error as Error).message)).not.toContain('secret-token-value');
    } finally {
      await server.close();
    }
  });
});
