/** Statuses that say "try again later" rather than "this request is wrong". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Socket-level failures where the request may not have reached the peer, or the peer went
 * away: worth another attempt. Undici (behind global fetch) reports its own transport codes;
 * its other UND_ERR_* codes (aborted, invalid argument, size limits) are our own doing and
 * would fail again.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** fetch wraps the socket error in `cause`, sometimes twice; stop at a sane depth. */
const MAX_CAUSE_DEPTH = 5;

/**
 * Whether a failed request is worth retrying, given an HTTP status, a response-like object
 * with a `status`, or the error fetch threw.
 *
 * A `TimeoutError` (from `AbortSignal.timeout`, our per-attempt timeout) is retryable; an
 * `AbortError` is not, because someone chose to cancel.
 */
export function isRetryable(statusOrError: unknown): boolean {
  if (typeof statusOrError === 'number') return RETRYABLE_STATUSES.has(statusOrError);
  return isRetryableError(statusOrError, 0);
}

function isRetryableError(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) return false;
  const { status, code, name, cause, errors } = error as {
    status?: unknown;
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof status === 'number') return RETRYABLE_STATUSES.has(status);
  if (typeof code === 'string' && RETRYABLE_ERROR_CODES.has(code)) return true;
  if (name === 'TimeoutError') return true;
  if (name === 'AbortError') return false;
  // Node reports a failed connection to several addresses (IPv4 and IPv6) as an
  // AggregateError whose members carry the codes.
  if (Array.isArray(errors) && errors.some((inner) => isRetryableError(inner, depth + 1))) {
    return true;
  }
  return isRetryableError(cause, depth + 1);
}
