import {
  buildIpWhitelist,
  DEFAULT_RATE_LIMITS,
  loadRateLimits,
  parseRateLimits,
} from './rate-limits';

const SEED_FORMAT = `
rate_limiting:
  global:
    requests_per_minute: 1000
    burst_size: 100
  per_client:
    requests_per_minute: 100
    burst_size: 20
  per_endpoint:
    "/api/v1/ingest":
      requests_per_minute: 500
      burst_size: 50
    "/api/v1/sync":
      requests_per_minute: 100
      burst_size: 10
  authentication_required: true
  whitelist_ips:
    - "10.0.0.0/8"
    - "172.16.0.0/12"
    - "192.168.0.0/16"
`;

describe(parseRateLimits.name, () => {
  it('reads the seed’s format', () => {
    const sut = parseRateLimits(SEED_FORMAT, 'seed.yml');
    expect(sut.global).toEqual({ requestsPerMinute: 1000, burstSize: 100 });
    expect(sut.perEndpoint.map((entry) => entry.pathPrefix)).toEqual([
      '/api/v1/ingest',
      '/api/v1/sync',
    ]);
    expect(sut.whitelistIps).toHaveLength(3);
  });

  it('uses built-in defaults equal to the committed example file without a file', () => {
    expect(loadRateLimits(undefined)).toBe(DEFAULT_RATE_LIMITS);
    expect(loadRateLimits(`${__dirname}/../../../../config/rate-limits.yml`)).toEqual(
      DEFAULT_RATE_LIMITS,
    );
  });

  it.each([
    ['a missing bucket', SEED_FORMAT.replace(/ {2}global:\n.*\n.*\n/, ''), /rate_limiting.global/],
    ['a zero burst', SEED_FORMAT.replace('burst_size: 100', 'burst_size: 0'), /global.burst_size/],
    ['an unknown key', SEED_FORMAT.replace('global:', 'globl:'), /globl/],
    ['a bad CIDR', SEED_FORMAT.replace('10.0.0.0/8', '10.0.0.0/33'), /whitelist_ips.0/],
    ['authentication switched off', SEED_FORMAT.replace(': true', ': false'), /must be true/],
    ['broken YAML', 'rate_limiting: [', /not valid YAML/],
  ])('names %s', (_what, text, expected) => {
    expect(() => parseRateLimits(text, 'limits.yml')).toThrow(expected);
  });
});

describe(buildIpWhitelist.name, () => {
  const sut = buildIpWhitelist(['10.0.0.0/8', '::1', '192.168.1.7']);

  it('matches addresses inside the blocks, IPv4-mapped ones too', () => {
    expect(sut('10.1.2.3')).toBe(true);
    expect(sut('::ffff:10.1.2.3')).toBe(true);
    expect(sut('::1')).toBe(true);
    expect(sut('192.168.1.7')).toBe(true);
    expect(sut('192.168.1.8')).toBe(false);
    expect(sut('11.0.0.1')).toBe(false);
    expect(sut('not-an-ip')).toBe(false);
  });
});
