import { DEFAULT_RATE_LIMITS } from '@plumbline/server-config';
import { bucketsFor, matchesPrefix, tokenRequestClientId } from './rate-limit-buckets';

const never = (): boolean => false;

describe(bucketsFor.name, () => {
  it('charges the global bucket, the caller’s and the endpoint’s', () => {
    const sut = bucketsFor(
      { path: '/api/v1/ingest/devices', ip: '127.0.0.1', callerKey: 'client:pl_1' },
      DEFAULT_RATE_LIMITS,
      'rl',
      never,
    );
    expect(sut.map((bucket) => bucket.key)).toEqual([
      'rl:global',
      'rl:client:client:pl_1',
      'rl:endpoint:/api/v1/ingest',
    ]);
    expect(sut[2]).toMatchObject({ scope: 'endpoint', requestsPerMinute: 500, burstSize: 50 });
  });

  it('falls back to the IP when the caller is unknown', () => {
    const sut = bucketsFor(
      { path: '/oauth2/token', ip: '10.9.9.9', callerKey: undefined },
      DEFAULT_RATE_LIMITS,
      'rl',
      never,
    );
    expect(sut.map((bucket) => bucket.key)).toEqual(['rl:global', 'rl:client:ip:10.9.9.9']);
  });

  it.each(['/health', '/health/ready', '/metrics', '/.well-known/jwks.json'])(
    'does not limit %s',
    (path) => {
      expect(
        bucketsFor({ path, ip: '1.2.3.4', callerKey: undefined }, DEFAULT_RATE_LIMITS, 'rl', never),
      ).toEqual([]);
    },
  );

  it('does not limit whitelisted addresses', () => {
    const sut = bucketsFor(
      { path: '/api/v1/reviews', ip: '10.0.0.1', callerKey: 'user:u' },
      DEFAULT_RATE_LIMITS,
      'rl',
      (ip) => ip.startsWith('10.'),
    );
    expect(sut).toEqual([]);
  });
});

describe(matchesPrefix.name, () => {
  it('matches whole path segments only', () => {
    expect(matchesPrefix('/api/v1/sync', '/api/v1/sync')).toBe(true);
    expect(matchesPrefix('/api/v1/sync/status', '/api/v1/sync')).toBe(true);
    expect(matchesPrefix('/api/v1/ingestions', '/api/v1/ingest')).toBe(false);
  });
});

describe(tokenRequestClientId.name, () => {
  it('takes the client id from Basic credentials, else the body', () => {
    const header = `Basic ${Buffer.from('pl_basic:secret').toString('base64')}`;
    expect(tokenRequestClientId(header, { client_id: 'pl_body' })).toBe('pl_basic');
    expect(tokenRequestClientId(undefined, { client_id: 'pl_body' })).toBe('pl_body');
    expect(tokenRequestClientId(undefined, {})).toBeUndefined();
  });
});
