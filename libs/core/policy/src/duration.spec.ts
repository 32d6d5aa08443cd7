import { parseDuration } from './duration';

describe(parseDuration.name, () => {
  const sut = parseDuration;

  it.each<[string, number]>([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1d12h', 129_600_000],
    ['500ms', 500],
    [' 24h ', 86_400_000],
  ])('%s', (text, ms) => {
    expect(sut(text)).toBe(ms);
  });

  it.each(['', '24', 'h', '1.5h', '24 h', '-1h', 'PT24H', '7days'])('refuses %j', (text) => {
    expect(sut(text)).toBeUndefined();
  });
});
