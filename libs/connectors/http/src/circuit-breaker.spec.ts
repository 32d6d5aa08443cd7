import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  CircuitOpenError,
  type CircuitState,
} from './circuit-breaker';
import { isRetryable } from './retryable';

describe(CircuitBreaker.name, () => {
  let nowMs: number;
  let transitions: string[];

  function createSut(options: Partial<CircuitBreakerOptions> = {}): CircuitBreaker {
    return new CircuitBreaker({
      failureThreshold: 3,
      coolDownMs: 10_000,
      now: () => nowMs,
      onStateChange: (from: CircuitState, to: CircuitState) => transitions.push(`${from}->${to}`),
      ...options,
    });
  }

  const fail = (): Promise<never> => Promise.reject(new Error('peer down'));
  const succeed = (): Promise<string> => Promise.resolve('ok');

  beforeEach(() => {
    nowMs = 1_000_000;
    transitions = [];
  });

  it('starts closed and lets calls through', async () => {
    const sut = createSut();

    await expect(sut.execute(succeed)).resolves.toBe('ok');
    expect(sut.state).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and then fails fast', async () => {
    const sut = createSut();
    const operation = jest.fn(fail);

    for (let call = 0; call < 3; call += 1) {
      await expect(sut.execute(operation)).rejects.toThrow('peer down');
    }
    const blocked = sut.execute(operation);

    await expect(blocked).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(blocked).rejects.toMatchObject({ retryInMs: 10_000 });
    expect(operation).toHaveBeenCalledTimes(3);
    expect(sut.state).toBe('open');
    expect(transitions).toEqual(['closed->open']);
  });

  it('counts consecutive failures only: a success in between resets the count', async () => {
    const sut = createSut();

    await expect(sut.execute(fail)).rejects.toThrow();
    await expect(sut.execute(fail)).rejects.toThrow();
    await sut.execute(succeed);
    await expect(sut.execute(fail)).rejects.toThrow();
    await expect(sut.execute(fail)).rejects.toThrow();

    expect(sut.state).toBe('closed');
  });

  it('reports the remaining cool-down while open', async () => {
    const sut = createSut({ failureThreshold: 1 });
    await expect(sut.execute(fail)).rejects.toThrow();

    nowMs += 4_000;

    await expect(sut.execute(succeed)).rejects.toMatchObject({ retryInMs: 6_000 });
  });

  it('half-opens after the cool-down and closes on a successful trial', async () => {
    const sut = createSut({ failureThreshold: 1 });
    await expect(sut.execute(fail)).rejects.toThrow();

    nowMs += 10_000;

    expect(sut.state).toBe('half_open');
    await expect(sut.execute(succeed)).resolves.toBe('ok');
    expect(sut.state).toBe('closed');
    expect(transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('re-opens for a full cool-down when the trial fails', async () => {
    const sut = createSut({ failureThreshold: 5 });
    for (let call = 0; call < 5; call += 1) await expect(sut.execute(fail)).rejects.toThrow();
    nowMs += 10_000;

    await expect(sut.execute(fail)).rejects.toThrow('peer down');

    expect(sut.state).toBe('open');
    await expect(sut.execute(succeed)).rejects.toMatchObject({ retryInMs: 10_000 });
  });

  it('lets only one trial through while half-open', async () => {
    const sut = createSut({ failureThreshold: 1 });
    await expect(sut.execute(fail)).rejects.toThrow();
    nowMs += 10_000;
    let finishTrial: (value: string) => void = () => undefined;
    const trial = sut.execute(() => new Promise<string>((resolve) => (finishTrial = resolve)));

    await expect(sut.execute(succeed)).rejects.toMatchObject({ retryInMs: 0 });
    finishTrial('ok');
    await expect(trial).resolves.toBe('ok');
    await expect(sut.execute(succeed)).resolves.toBe('ok');
  });

  it('does not count errors that say the peer is up, with isFailure = isRetryable', async () => {
    const sut = createSut({ failureThreshold: 1, isFailure: isRetryable });
    const validationError = Object.assign(new Error('400'), { status: 400 });
    const unavailable = Object.assign(new Error('503'), { status: 503 });

    await expect(sut.execute(() => Promise.reject(validationError))).rejects.toBe(validationError);
    expect(sut.state).toBe('closed');
    await expect(sut.execute(() => Promise.reject(unavailable))).rejects.toBe(unavailable);
    expect(sut.state).toBe('open');
  });

  it('supports manual acquire and record for callers that stream', () => {
    const sut = createSut({ failureThreshold: 2 });

    expect(sut.tryAcquire()).toBe(true);
    sut.recordFailure();
    expect(sut.tryAcquire()).toBe(true);
    sut.recordFailure();
    expect(sut.tryAcquire()).toBe(false);
  });

  it.each<[string, Partial<CircuitBreakerOptions>, RegExp]>([
    ['a zero threshold', { failureThreshold: 0 }, /failureThreshold must be an integer >= 1/],
    ['a negative cool-down', { coolDownMs: -1 }, /coolDownMs must be a finite number >= 0/],
  ])('rejects %s', (_case, options, message) => {
    expect(() => createSut(options)).toThrow(message);
  });
});
