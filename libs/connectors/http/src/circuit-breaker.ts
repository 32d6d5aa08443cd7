import { type Clock, systemClock } from './clock';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial request is let through. */
  coolDownMs: number;
  now?: Clock;
  /**
   * Which errors count against the peer. Defaults to every error; a connector passes
   * `isRetryable` so that a 400 validation error (the peer is up and answering) does not
   * open the circuit.
   */
  isFailure?: (error: unknown) => boolean;
  /** For logs and metrics. */
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

/** Raised instead of calling a peer that is known to be down. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';

  constructor(
    /** Milliseconds until a trial request will be allowed; 0 while a trial is in flight. */
    readonly retryInMs: number,
  ) {
    super(
      retryInMs > 0
        ? `circuit open: peer calls paused for another ${retryInMs} ms`
        : 'circuit half-open: a trial request is in flight',
    );
  }
}

/**
 * Stops hammering a peer that keeps failing. Closed: calls go through and consecutive
 * failures are counted. Open: calls fail fast with CircuitOpenError until the cool-down has
 * passed. Half-open: exactly one trial call goes through; its success closes the circuit,
 * its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private currentState: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private isTrialInFlight = false;
  private readonly now: Clock;
  private readonly isFailure: (error: unknown) => boolean;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError(
        `failureThreshold must be an integer >= 1, got ${options.failureThreshold}`,
      );
    }
    if (!Number.isFinite(options.coolDownMs) || options.coolDownMs < 0) {
      throw new RangeError(`coolDownMs must be a finite number >= 0, got ${options.coolDownMs}`);
    }
    this.now = options.now ?? systemClock;
    this.isFailure = options.isFailure ?? (() => true);
  }

  get state(): CircuitState {
    if (this.currentState === 'open' && this.remainingCoolDownMs() === 0) {
      this.transition('half_open');
    }
    return this.currentState;
  }

  /**
   * Asks to make one call. True means go ahead and report the outcome with
   * recordSuccess / recordFailure; in half-open only the first caller gets true.
   */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half_open':
        if (this.isTrialInFlight) return false;
        this.isTrialInFlight = true;
        return true;
    }
  }

  recordSuccess(): void {
    this.isTrialInFlight = false;
    this.consecutiveFailures = 0;
    if (this.currentState !== 'closed') this.transition('closed');
  }

  recordFailure(): void {
    this.isTrialInFlight = false;
    this.consecutiveFailures += 1;
    const isTrialFailure = this.currentState === 'half_open';
    if (isTrialFailure || this.consecutiveFailures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      if (this.currentState !== 'open') this.transition('open');
    }
  }

  /** Runs `operation` through the breaker, recording its outcome. */
  async execute<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.tryAcquire()) throw new CircuitOpenError(this.remainingCoolDownMs());
    let result: T;
    try {
      result = await operation();
    } catch (error) {
      if (this.isFailure(error)) {
        this.recordFailure();
      } else {
        // The peer answered, if only to refuse this request: it is reachable.
        this.recordSuccess();
      }
      throw error;
    }
    this.recordSuccess();
    return result;
  }

  private remainingCoolDownMs(): number {
    if (this.currentState !== 'open') return 0;
    return Math.max(0, this.openedAt + this.options.coolDownMs - this.now());
  }

  private transition(to: CircuitState): void {
    const from = this.currentState;
    this.currentState = to;
    this.options.onStateChange?.(from, to);
  }
}
