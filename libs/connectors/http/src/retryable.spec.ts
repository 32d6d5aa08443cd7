import { isRetryable } from './retryable';

function codeError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:8080`), { code });
}

/** The shape global fetch throws: a TypeError with the socket error as its cause. */
function fetchFailure(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function domError(name: string): Error {
  return Object.assign(new Error(name), { name });
}

describe(isRetryable.name, () => {
  const sut = isRetryable;

  it.each<[number, boolean]>([
    [429, true],
    [502, true],
    [503, true],
    [504, true],
    [200, false],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [500, false],
    [501, false],
  ])('status %d -> %p', (status, expected) => {
    expect(sut(status)).toBe(expected);
  });

  it.each<[string, unknown, boolean]>([
    ['a response with 503', { status: 503, ok: false }, true],
    ['a response with 400', { status: 400, ok: false }, false],
    ['ECONNREFUSED', codeError('ECONNREFUSED'), true],
    ['ECONNRESET', codeError('ECONNRESET'), true],
    ['ETIMEDOUT', codeError('ETIMEDOUT'), true],
    ['EAI_AGAIN (DNS hiccup)', codeError('EAI_AGAIN'), true],
    ['ENOTFOUND (wrong host name)', codeError('ENOTFOUND'), false],
    ['fetch failed, caused by ECONNREFUSED', fetchFailure(codeError('ECONNREFUSED')), true],
    ['fetch failed, caused by UND_ERR_SOCKET', fetchFailure(codeError('UND_ERR_SOCKET')), true],
    [
      'fetch failed, caused by UND_ERR_CONNECT_TIMEOUT',
      fetchFailure(codeError('UND_ERR_CONNECT_TIMEOUT')),
      true,
    ],
    [
      'fetch failed, caused by UND_ERR_HEADERS_TIMEOUT',
      fetchFailure(codeError('UND_ERR_HEADERS_TIMEOUT')),
      true,
    ],
    [
      'fetch failed, caused by UND_ERR_INVALID_ARG (our bug)',
      fetchFailure(codeError('UND_ERR_INVALID_ARG')),
      false,
    ],
    [
      'an AggregateError from trying IPv6 and IPv4',
      fetchFailure(new AggregateError([codeError('ECONNREFUSED'), codeError('ECONNREFUSED')])),
      true,
    ],
    ['our per-attempt timeout (TimeoutError)', domError('TimeoutError'), true],
    ['a cancellation (AbortError)', domError('AbortError'), false],
    ['fetch failed with an unknown cause', fetchFailure(new Error('bad port')), false],
    ['a plain error', new Error('boom'), false],
    ['undefined', undefined, false],
    ['a string', 'ECONNREFUSED', false],
  ])('%s -> %p', (_case, error, expected) => {
    expect(sut(error)).toBe(expected);
  });

  it('gives up on a cyclic cause chain instead of looping', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    Object.assign(first, { cause: second });

    expect(sut(first)).toBe(false);
  });

  it('recognises the error a real refused connection gives global fetch', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const error: unknown = await fetch(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(sut(error)).toBe(true);
  });
});
