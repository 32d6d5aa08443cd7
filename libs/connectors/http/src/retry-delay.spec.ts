import { parseRetryAfter, retryDelay, type RetryDelayOptions } from './retry-delay';

describe(retryDelay.name, () => {
  const sut = retryDelay;
  const nowMs = Date.parse('2026-03-01T12:00:00Z');
  const base: RetryDelayOptions = { baseDelayMs: 100, maxDelayMs: 5_000, now: () => nowMs };

  describe('backoff without Retry-After', () => {
    it.each<[number, number, number]>([
      // attempt, random, expected: floor(random * min(max, base * 2^(attempt-1)))
      [1, 0.999, 99],
      [2, 0.999, 199],
      [3, 0.5, 200],
      [6, 0.999, 3_196],
      [7, 0.999, 4_995],
      [30, 0.999, 4_995],
      [1_000, 0.5, 2_500],
      [4, 0, 0],
    ])('attempt %d with random %p -> %d ms', (attempt, random, expected) => {
      expect(sut(attempt, { ...base, random: () => random })).toBe(expected);
    });

    it('stays within [0, cap) for real randomness', () => {
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        const delay = sut(attempt, base);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(5_000, 100 * 2 ** (attempt - 1)));
      }
    });
  });

  describe('Retry-After', () => {
    it.each<[string, string | null | undefined, number]>([
      ['delay-seconds', '3', 3_000],
      ['zero seconds', '0', 0],
      ['seconds with spaces', ' 2 ', 2_000],
      ['HTTP-date 90 s ahead', 'Sun, 01 Mar 2026 12:01:30 GMT', 60_000],
      ['HTTP-date 10 s ahead', 'Sun, 01 Mar 2026 12:00:10 GMT', 10_000],
      ['HTTP-date in the past', 'Sun, 01 Mar 2026 11:00:00 GMT', 0],
      ['longer than the Retry-After cap', '3600', 60_000],
    ])('%s (%p) -> %d ms', (_case, header, expected) => {
      expect(sut(1, { ...base, random: () => 0.5 }, header)).toBe(expected);
    });

    it.each<[string, string | null | undefined]>([
      ['missing', undefined],
      ['null (Headers.get of an absent header)', null],
      ['negative', '-5'],
      ['fractional seconds', '1.5'],
      ['a date without GMT', 'Sun, 01 Mar 2026 12:00:10'],
      ['garbage', 'soon'],
    ])('falls back to backoff when %s', (_case, header) => {
      expect(sut(2, { ...base, random: () => 0.5 }, header)).toBe(100);
    });

    it('honours a custom Retry-After cap', () => {
      expect(sut(1, { ...base, maxRetryAfterMs: 120_000 }, '90')).toBe(90_000);
    });
  });

  it.each<[string, number, Partial<RetryDelayOptions>, RegExp]>([
    ['attempt 0', 0, {}, /attempt must be an integer >= 1/],
    ['fractional attempt', 1.5, {}, /attempt must be an integer >= 1/],
    ['negative base', 1, { baseDelayMs: -1 }, /baseDelayMs must be/],
    ['infinite max', 1, { maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs must be/],
    ['NaN Retry-After cap', 1, { maxRetryAfterMs: Number.NaN }, /maxRetryAfterMs must be/],
  ])('rejects %s', (_case, attempt, overrides, message) => {
    expect(() => sut(attempt, { ...base, ...overrides })).toThrow(message);
  });
});

describe(parseRetryAfter.name, () => {
  const sut = parseRetryAfter;

  it('reads an IMF-fixdate relative to now', () => {
    expect(sut('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:00Z'))).toBe(60_000);
  });

  it('returns undefined for an empty header', () => {
    expect(sut('', 0)).toBeUndefined();
  });
});
