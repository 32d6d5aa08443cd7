export type Freshness = 'fresh' | 'stale';

export type Instant = Date | string | number;

/**
 * Whether a heartbeat is recent enough to trust the status it carried.
 *
 * `lastSeen` and `now` accept a Date, an epoch in milliseconds or an ISO 8601 string
 * (give it a zone: a zone-less string is read in the machine's local time). A
 * component never seen, or with an unreadable timestamp, is stale. A heartbeat from the
 * future (clock skew between reporter and us) counts as fresh rather than stale, since
 * the reporter did just speak. An age equal to `maxAgeMs` is still fresh.
 */
export function heartbeatFreshness(
  lastSeen: Instant | null | undefined,
  now: Instant,
  maxAgeMs: number,
): Freshness {
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) {
    throw new RangeError(`maxAgeMs must be a finite number >= 0, got ${maxAgeMs}`);
  }
  const nowMs = toEpochMs(now);
  if (Number.isNaN(nowMs)) {
    throw new RangeError(`now is not a valid instant: ${String(now)}`);
  }
  if (lastSeen === null || lastSeen === undefined) return 'stale';
  const lastSeenMs = toEpochMs(lastSeen);
  if (Number.isNaN(lastSeenMs)) return 'stale';
  return nowMs - lastSeenMs <= maxAgeMs ? 'fresh' : 'stale';
}

function toEpochMs(instant: Instant): number {
  if (instant instanceof Date) return instant.getTime();
  if (typeof instant === 'number') return Number.isFinite(instant) ? instant : Number.NaN;
  return Date.parse(instant);
}
