import {
  aggregateSync,
  compareHealth,
  HEALTH_STATUSES,
  type HealthStatus,
  isHealthStatus,
  isSyncStatus,
  type SyncStatus,
  worstHealth,
} from './status';

describe(worstHealth.name, () => {
  const sut = worstHealth;

  it.each<[string, HealthStatus[], HealthStatus]>([
    ['no children', [], 'unknown'],
    ['one healthy child', ['healthy'], 'healthy'],
    ['all healthy', ['healthy', 'healthy', 'healthy'], 'healthy'],
    ['progressing beats healthy', ['healthy', 'progressing'], 'progressing'],
    ['unknown beats progressing', ['progressing', 'unknown', 'healthy'], 'unknown'],
    ['missing beats unknown', ['unknown', 'missing'], 'missing'],
    ['degraded beats missing', ['missing', 'degraded', 'healthy'], 'degraded'],
    ['failed beats everything', ['degraded', 'failed', 'missing', 'unknown'], 'failed'],
    ['order of children does not matter', ['failed', 'healthy'], 'failed'],
  ])('%s', (_case, children, expected) => {
    expect(sut(children)).toBe(expected);
  });

  it('accepts any iterable, such as a generator over components', () => {
    function* healths(): Generator<HealthStatus> {
      yield 'healthy';
      yield 'degraded';
    }

    expect(sut(healths())).toBe('degraded');
  });
});

describe(compareHealth.name, () => {
  const sut = compareHealth;

  it('sorts the most severe first, in the documented order', () => {
    const shuffled: HealthStatus[] = [
      'progressing',
      'failed',
      'healthy',
      'missing',
      'unknown',
      'degraded',
    ];

    expect([...shuffled].sort(sut)).toEqual([...HEALTH_STATUSES].reverse());
  });
});

describe(aggregateSync.name, () => {
  const sut = aggregateSync;

  it.each<[string, SyncStatus[], SyncStatus]>([
    ['no children', [], 'unknown'],
    ['all synced', ['synced', 'synced'], 'synced'],
    ['one out of sync', ['synced', 'out_of_sync', 'synced'], 'out_of_sync'],
    ['out of sync outranks unknown', ['unknown', 'out_of_sync'], 'out_of_sync'],
    ['one unknown among synced', ['synced', 'unknown'], 'unknown'],
  ])('%s', (_case, children, expected) => {
    expect(sut(children)).toBe(expected);
  });
});

describe(isHealthStatus.name, () => {
  const sut = isHealthStatus;

  it.each<[unknown, boolean]>([
    ['healthy', true],
    ['failed', true],
    ['Healthy', false],
    ['synced', false],
    ['', false],
    [undefined, false],
    [3, false],
  ])('%p -> %p', (value, expected) => {
    expect(sut(value)).toBe(expected);
  });
});

describe(isSyncStatus.name, () => {
  const sut = isSyncStatus;

  it.each<[unknown, boolean]>([
    ['synced', true],
    ['out_of_sync', true],
    ['unknown', true],
    ['out-of-sync', false],
    ['healthy', false],
    [null, false],
  ])('%p -> %p', (value, expected) => {
    expect(sut(value)).toBe(expected);
  });
});
