import { type HealthStatus } from './status';
import { isReady, readySummary, type ReadySummary } from './readiness';

describe(readySummary.name, () => {
  const sut = readySummary;

  it.each<[string, HealthStatus[], ReadySummary]>([
    ['no components', [], { ready: 0, total: 0, text: '0/0 ready' }],
    ['all ready', ['healthy', 'healthy'], { ready: 2, total: 2, text: '2/2 ready' }],
    [
      'a fabric of four with one degraded',
      ['healthy', 'healthy', 'degraded', 'healthy'],
      { ready: 3, total: 4, text: '3/4 ready' },
    ],
    [
      'progressing and unknown are not ready',
      ['progressing', 'unknown', 'healthy'],
      { ready: 1, total: 3, text: '1/3 ready' },
    ],
    ['none ready', ['failed', 'missing'], { ready: 0, total: 2, text: '0/2 ready' }],
  ])('%s', (_case, healths, expected) => {
    expect(sut(healths)).toEqual(expected);
  });
});

describe(isReady.name, () => {
  const sut = isReady;

  it.each<[HealthStatus, boolean]>([
    ['healthy', true],
    ['progressing', false],
    ['unknown', false],
    ['missing', false],
    ['degraded', false],
    ['failed', false],
  ])('%s -> %p', (health, expected) => {
    expect(sut(health)).toBe(expected);
  });
});
