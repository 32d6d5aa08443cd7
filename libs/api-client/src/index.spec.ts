import { createApiClient } from './index';

function capturingFetch() {
  const requests: Request[] = [];
  const fetchImpl = (input: Request) => {
    requests.push(input);
    return Promise.resolve(
      new Response(JSON.stringify({ status: 'up', uptimeSeconds: 1 }), {
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  return { requests, fetch: fetchImpl as unknown as typeof fetch };
}

describe(createApiClient.name, () => {
  it('sends the current bearer token with each request', async () => {
    const captured = capturingFetch();
    let token: string | null = 'first';
    const sut = createApiClient({
      baseUrl: 'http://plumbline.test',
      getToken: () => token,
      fetch: captured.fetch,
    });

    const { data } = await sut.GET('/health');
    token = null;
    await sut.GET('/health');

    expect(data?.status).toBe('up');
    expect(captured.requests[0]?.url).toBe('http://plumbline.test/health');
    expect(captured.requests[0]?.headers.get('authorization')).toBe('Bearer first');
    expect(captured.requests[1]?.headers.get('authorization')).toBeNull();
  });
});
