import { ConfigError, loadConfig } from './load-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/plumbline',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  JWT_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe(loadConfig.name, () => {
  it('applies defaults to a minimal environment', () => {
    const sut = loadConfig(valid);
    expect(sut.PORT).toBe(8080);
    expect(sut.QUEUE_PREFIX).toBe('plumbline');
    expect(sut.DATABASE_URL).toBe(valid.DATABASE_URL);
  });

  it.each([
    ['DATABASE_URL', undefined, /DATABASE_URL is required but not set/],
    ['DATABASE_URL', '', /DATABASE_URL is required but not set/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL .*got "not a url"/],
    ['DATABASE_URL', 'mysql://127.0.0.1/x', /DATABASE_URL must be a postgres:\/\//],
    ['REDIS_URL', 'http://127.0.0.1', /REDIS_URL must be a redis:\/\//],
    ['PORT', '70000', /PORT .*got "70000"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL .*got "loud"/],
    ['ENCRYPTION_KEY', 'c2hvcnQ=', /ENCRYPTION_KEY must be 32 bytes/],
  ])('names %s when it is %p', (key, value, expected) => {
    const env: Record<string, string | undefined> = { ...valid, [key]: value };
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it('never repeats a secret value', () => {
    const error = captureError(() => loadConfig({ ...valid, JWT_SECRET: 'short-secret' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/JWT_SECRET must be at least 32 characters/);
    expect(error.message).not.toContain('short-secret');
  });

  it('lists every problem at once', () => {
    const error = captureError(() => loadConfig({}));
    expect((error as ConfigError).problems.map((problem) => problem.split(' ')[0])).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'JWT_SECRET',
      'ENCRYPTION_KEY',
    ]);
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
