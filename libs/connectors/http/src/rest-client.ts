import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { type Clock, realSleep, type Sleep, systemClock } from './clock';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { RateLimiter } from './rate-limiter';
import { isRetryable } from './retryable';
import { retryDelay } from './retry-delay';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface RestClientOptions {
  /** e.g. `http://127.0.0.1:18001/api/`; request paths are relative to it. */
  baseUrl: string;
  /** Returns the headers of every request (auth, Accept); called per request so tokens can rotate. */
  headers: () => Record<string, string>;
  /** Per attempt. Default 60 s: a bulk write of 500 objects with change logging takes seconds. */
  timeoutMs?: number;
  /** Attempts per request, the first included. Default 6. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Requests in flight towards this peer. Default 8. */
  maxConcurrency?: number;
  /** Requests per second towards this peer; unlimited when absent. */
  ratePerSecond?: number;
  circuitFailureThreshold?: number;
  circuitCoolDownMs?: number;
  /** Label in error messages, never the token. */
  name?: string;
  now?: Clock;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
  /** Told before each HTTP request is sent (every attempt), e.g. to count a peer's load. */
  onRequest?: (event: RequestEvent) => void;
}

export interface RequestEvent {
  method: HttpMethod;
  path: string;
  query?: Query;
}

export interface RetryEvent {
  method: HttpMethod;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /**
   * Whether the request may be sent again after a failure that leaves its fate unknown (a
   * timeout or a reset connection after the request left). GET, PUT, PATCH and DELETE are;
   * a POST is not unless the caller knows (it sets the object ids itself). A POST is still
   * retried when the peer surely did not act on it: refused connection, 429, 503.
   */
  isIdempotent?: boolean;
  signal?: AbortSignal;
}

/** The peer answered with an error status. `body` is its parsed JSON (field errors) or text. */
export class PeerHttpError extends Error {
  override readonly name = 'PeerHttpError';
  constructor(
    readonly status: number,
    readonly method: HttpMethod,
    readonly path: string,
    readonly body: unknown,
    readonly retryAfter: string | null,
  ) {
    super(`${method} ${path} -> HTTP ${status}: ${summariseBody(body)}`);
  }
}

/**
 * A write whose outcome is unknown: it may or may not have been applied. The caller checks the
 * peer before trying again (see the adapters' create path), so nothing is written twice.
 */
export class AmbiguousWriteError extends Error {
  override readonly name = 'AmbiguousWriteError';
  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(`${method} ${path}: outcome unknown (${describeError(cause)})`);
  }
}

/** Waits on an open circuit per request before giving up, and the shortest such wait. */
const MAX_CIRCUIT_WAITS = 40;
const MIN_CIRCUIT_WAIT_MS = 200;

/** Statuses and errors after which the peer cannot have acted on the request. */
function isSurelyNotApplied(error: unknown): boolean {
  if (error instanceof PeerHttpError) return error.status === 429 || error.status === 503;
  return hasCode(error, 'ECONNREFUSED', 0);
}

function hasCode(error: unknown, code: string, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const candidate = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (candidate.code === code) return true;
  if (Array.isArray(candidate.errors)) {
    if (candidate.errors.some((inner) => hasCode(inner, code, depth + 1))) return true;
  }
  return hasCode(candidate.cause, code, depth + 1);
}

/**
 * A JSON REST client for one peer. Node's global fetch (undici) keeps connections alive and
 * pools them per origin, so consecutive requests reuse sockets; the concurrency limit bounds
 * how many sockets are open at once. Every request goes through the rate limit, the
 * concurrency limit and the circuit breaker; retryable failures are retried with exponential
 * backoff and full jitter, or after the peer's Retry-After.
 */
export class RestClient {
  readonly breaker: CircuitBreaker;
  private readonly limiter: ConcurrencyLimiter;
  private readonly rateLimiter: RateLimiter | undefined;
  private readonly baseUrl: URL;
  private readonly sleep: Sleep;
  private readonly now: Clock;
  private sent = 0;

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.now = options.now ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency ?? 8);
    this.rateLimiter =
      options.ratePerSecond === undefined
        ? undefined
        : new RateLimiter({
            ratePerSecond: options.ratePerSecond,
            now: this.now,
            sleep: this.sleep,
          });
    this.breaker = new CircuitBreaker({
      failureThreshold: options.circuitFailureThreshold ?? 5,
      coolDownMs: options.circuitCoolDownMs ?? 5_000,
      now: this.now,
      isFailure: isRetryable,
    });
  }

  get name(): string {
    return this.options.name ?? this.baseUrl.host;
  }

  /** HTTP requests sent so far (retries included). */
  get requestsSent(): number {
    return this.sent;
  }

  url(path: string, query?: Query): URL {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        for (const item of value as readonly (string | number)[]) {
          url.searchParams.append(name, String(item));
        }
      } else {
        url.searchParams.set(name, String(value));
      }
    }
    return url;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const isIdempotent = options.isIdempotent ?? method !== 'POST';
    const maxAttempts = this.options.maxAttempts ?? 6;
    let circuitWaits = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt<T>(method, path, options);
      } catch (error) {
        // Refused by our own open breaker: nothing was sent, so it costs no attempt. While a
        // trial call is in flight (retryInMs 0) wait a little instead of spinning.
        if (error instanceof CircuitOpenError && circuitWaits < MAX_CIRCUIT_WAITS) {
          circuitWaits += 1;
          attempt -= 1;
          if (options.signal?.aborted) throw error;
          await this.sleep(Math.max(error.retryInMs, MIN_CIRCUIT_WAIT_MS));
          continue;
        }
        const isWorthRetrying =
          (isRetryable(error) || error instanceof CircuitOpenError) &&
          (isIdempotent || isSurelyNotApplied(error) || error instanceof CircuitOpenError);
        if (!isWorthRetrying || attempt >= maxAttempts || options.signal?.aborted) {
          if (!isIdempotent && isRetryable(error) && !isSurelyNotApplied(error)) {
            throw new AmbiguousWriteError(method, path, error);
          }
          throw error;
        }
        const retryAfter = error instanceof PeerHttpError ? error.retryAfter : null;
        let delayMs = retryDelay(
          attempt,
          {
            baseDelayMs: this.options.baseDelayMs ?? 250,
            maxDelayMs: this.options.maxDelayMs ?? 10_000,
            now: this.now,
            ...(this.options.random ? { random: this.options.random } : {}),
          },
          retryAfter,
        );
        if (error instanceof CircuitOpenError) delayMs = Math.max(delayMs, error.retryInMs);
        this.options.onRetry?.({ method, path, attempt, delayMs, reason: describeError(error) });
        await this.sleep(delayMs);
      }
    }
  }

  private async attempt<T>(method: HttpMethod, path: string, options: RequestOptions): Promise<T> {
    await this.rateLimiter?.acquire();
    return this.limiter.run(
      () =>
        this.breaker.execute(async () => {
          const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
          const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
          this.sent += 1;
          this.options.onRequest?.({
            method,
            path,
            ...(options.query ? { query: options.query } : {}),
          });
          const response = await fetch(this.url(path, options.query), {
            method,
            headers: this.options.headers(),
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
            signal,
          });
          const text = await response.text();
          const body = parseBody(text);
          if (!response.ok) {
            throw new PeerHttpError(
              response.status,
              method,
              path,
              body,
              response.headers.get('retry-after'),
            );
          }
          return body as T;
        }),
      options.signal,
    );
  }
}

function parseBody(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function summariseBody(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
