import { type Clock, systemClock } from './clock';

export interface RetryDelayOptions {
  /** Upper bound of the first retry's delay. */
  baseDelayMs: number;
  /** No backoff delay exceeds this, however many attempts. */
  maxDelayMs: number;
  /**
   * A Retry-After longer than this is shortened to it, so that a peer asking for an hour
   * cannot park a sync run; the caller's retry budget decides whether to go on.
   * Defaults to 60 s.
   */
  maxRetryAfterMs?: number;
  /** Uniform in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** Needed to turn a Retry-After HTTP-date into a delay. */
  now?: Clock;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Milliseconds to wait before retry number `attempt` (1 for the first retry).
 *
 * The peer's Retry-After wins when present and readable. Otherwise exponential backoff with
 * full jitter: uniform between 0 and min(maxDelayMs, baseDelayMs * 2^(attempt-1)), which
 * spreads the retries of many clients hit by the same outage instead of synchronising them.
 */
export function retryDelay(
  attempt: number,
  options: RetryDelayOptions,
  retryAfterHeader?: string | null,
): number {
  const { baseDelayMs, maxDelayMs } = options;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer >= 1, got ${attempt}`);
  }
  assertNonNegative('baseDelayMs', baseDelayMs);
  assertNonNegative('maxDelayMs', maxDelayMs);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  assertNonNegative('maxRetryAfterMs', maxRetryAfterMs);

  const now = options.now ?? systemClock;
  const retryAfterMs = parseRetryAfter(retryAfterHeader, now());
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxRetryAfterMs);

  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const random = options.random ?? Math.random;
  return Math.floor(random() * ceiling);
}

/**
 * A Retry-After value as milliseconds from `nowMs`: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past means "now" (0). Anything else is
 * undefined, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP-dates are always GMT; requiring it keeps Date.parse away from local-time guesses.
  if (!/\bGMT$/i.test(value)) return undefined;
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}
