import { type Clock, realSleep, type Sleep, systemClock } from './clock';

export interface RateLimiterOptions {
  /** Sustained rate, e.g. 20 for the 20 requests per second a peer tolerates. */
  ratePerSecond: number;
  /** Requests allowed back to back after a quiet spell. Defaults to one second's worth. */
  burst?: number;
  now?: Clock;
  sleep?: Sleep;
}

/**
 * Token bucket. `acquire` takes a token at once, even on credit, and waits until the
 * bucket has earned it back: callers are served in the order they asked, without polling.
 */
export class RateLimiter {
  private tokens: number;
  private refilledAt: number;
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: Clock;
  private readonly sleep: Sleep;

  constructor(options: RateLimiterOptions) {
    const { ratePerSecond } = options;
    if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
      throw new RangeError(`ratePerSecond must be a finite number > 0, got ${ratePerSecond}`);
    }
    const burst = options.burst ?? Math.max(1, Math.floor(ratePerSecond));
    if (!Number.isFinite(burst) || burst < 1) {
      throw new RangeError(`burst must be a finite number >= 1, got ${burst}`);
    }
    this.ratePerMs = ratePerSecond / 1000;
    this.burst = burst;
    this.now = options.now ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = burst;
    this.refilledAt = this.now();
  }

  /** Tokens available now; negative while callers wait on credit. */
  get availableTokens(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token only if one is available now; never jumps ahead of waiting callers. */
  tryAcquire(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Takes a token and returns how many milliseconds to wait before using it. */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.ratePerMs);
  }

  /** Resolves when the caller may send its request. */
  async acquire(): Promise<void> {
    const waitMs = this.reserve();
    if (waitMs > 0) await this.sleep(waitMs);
  }

  private refill(): void {
    const now = this.now();
    // A clock that steps back must not drain the bucket.
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerMs);
    this.refilledAt = now;
  }
}
