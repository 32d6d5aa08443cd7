import { type Freshness, heartbeatFreshness, type Instant } from './heartbeat';

describe(heartbeatFreshness.name, () => {
  const sut = heartbeatFreshness;
  const now = new Date('2026-01-10T12:00:00.000Z');
  const maxAgeMs = 30_000;

  it.each<[string, Instant | null | undefined, Freshness]>([
    ['just seen', now, 'fresh'],
    ['seen 10 s ago', new Date('2026-01-10T11:59:50.000Z'), 'fresh'],
    ['seen exactly max age ago', new Date('2026-01-10T11:59:30.000Z'), 'fresh'],
    ['seen 1 ms past max age', new Date('2026-01-10T11:59:29.999Z'), 'stale'],
    ['seen an hour ago', new Date('2026-01-10T11:00:00.000Z'), 'stale'],
    ['seen in the future (clock skew)', new Date('2026-01-10T12:00:05.000Z'), 'fresh'],
    ['given as epoch milliseconds', now.getTime() - 1_000, 'fresh'],
    ['given as an ISO string', '2026-01-10T11:59:45Z', 'fresh'],
    ['given as an old ISO string', '2026-01-09T12:00:00Z', 'stale'],
    ['never seen (null)', null, 'stale'],
    ['never seen (undefined)', undefined, 'stale'],
    ['unreadable timestamp', 'yesterday-ish', 'stale'],
    ['non-finite epoch', Number.NaN, 'stale'],
  ])('%s', (_case, lastSeen, expected) => {
    expect(sut(lastSeen, now, maxAgeMs)).toBe(expected);
  });

  it('treats a zero max age as "only now is fresh"', () => {
    expect(sut(now, now, 0)).toBe('fresh');
    expect(sut(now.getTime() - 1, now, 0)).toBe('stale');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects max age %p', (badMaxAge) => {
    expect(() => sut(now, now, badMaxAge)).toThrow(RangeError);
  });

  it('rejects an unreadable "now" instead of calling everything stale', () => {
    expect(() => sut(now, 'not a date', maxAgeMs)).toThrow(/now is not a valid instant/);
  });
});
