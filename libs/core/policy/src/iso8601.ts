/**
 * Date/time normalisation for the `format: iso8601` transformation.
 *
 * Parsing is done here rather than with `Date.parse`, whose handling of anything but the
 * exact ISO format is engine-specific and reads zone-less times in the machine's local
 * zone: the same record would normalise differently on two workers.
 *
 * Accepted:
 * - ISO 8601 / RFC 3339 calendar dates and times: `2024-03-07`, `2024-03-07T10:15`,
 *   `2024-03-07 10:15:30.25+01:00`, `2024-03-07T10:15:30Z`, offsets `+01`, `+0100`,
 *   `+01:00`. A time without an offset, and a date alone, are taken as UTC.
 * - RFC 2822 / HTTP dates with a zone: `Thu, 07 Mar 2024 10:15:30 GMT`, `7 Mar 2024 10:15 +0100`.
 * - Numbers, as Unix epoch seconds (the form discovery tools and JSON APIs emit).
 *
 * The result is always `YYYY-MM-DDTHH:mm:ss.sssZ`; sub-millisecond digits are dropped.
 */

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const RFC2822_PATTERN =
  /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(GMT|UTC|UT|Z|[+-]\d{4})$/i;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const YEAR_ZERO_MS = new Date(0).setUTCFullYear(0, 0, 1);
const YEAR_10000_MS = new Date(0).setUTCFullYear(10000, 0, 1);

interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

/** Normalises a date/time to ISO 8601 UTC, or explains why it cannot. */
export function normalizeIso8601(
  value: string | number,
): { ok: true; value: string } | { ok: false; reason: string } {
  const epochMs = typeof value === 'number' ? fromEpochSeconds(value) : parseDateTime(value);
  if (epochMs === undefined) {
    return { ok: false, reason: `cannot read ${JSON.stringify(value)} as a date/time` };
  }
  // Outside these years toISOString switches to an expanded ±YYYYYY form that is not
  // the plain ISO 8601 a NetBox or Nautobot date field accepts.
  if (epochMs < YEAR_ZERO_MS || epochMs >= YEAR_10000_MS) {
    return { ok: false, reason: `${JSON.stringify(value)} is outside the years 0000-9999` };
  }
  return { ok: true, value: new Date(epochMs).toISOString() };
}

function fromEpochSeconds(seconds: number): number | undefined {
  return Number.isFinite(seconds) ? Math.trunc(seconds * 1000) : undefined;
}

function parseDateTime(text: string): number | undefined {
  const trimmed = text.trim();
  const parts = parseIsoParts(trimmed) ?? parseRfc2822Parts(trimmed);
  return parts === undefined ? undefined : toEpochMs(parts);
}

function parseIsoParts(text: string): DateTimeParts | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offsetMinutes = parseOffset(zone);
  if (offsetMinutes === undefined) return undefined;
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: Number((fraction ?? '').slice(0, 3).padEnd(3, '0')),
    offsetMinutes,
  };
}

function parseRfc2822Parts(text: string): DateTimeParts | undefined {
  const match = RFC2822_PATTERN.exec(text);
  if (!match) return undefined;
  const [, day, monthName, year, hour, minute, second, zone] = match;
  const monthIndex = MONTHS.indexOf((monthName ?? '').toLowerCase());
  const offsetMinutes = parseOffset(zone);
  if (monthIndex < 0 || offsetMinutes === undefined) return undefined;
  return {
    year: Number(year),
    month: monthIndex + 1,
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    millisecond: 0,
    offsetMinutes,
  };
}

/** Minutes east of UTC; undefined when the zone is out of range. */
function parseOffset(zone: string | undefined): number | undefined {
  if (zone === undefined || /^(?:Z|GMT|UTC|UT)$/i.test(zone)) return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

function toEpochMs(parts: DateTimeParts): number | undefined {
  const { year, month, day, hour, minute, second, millisecond, offsetMinutes } = parts;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  // Date rolls 31 April over to 1 May; a real calendar date survives the round trip.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime() - offsetMinutes * 60_000;
}
