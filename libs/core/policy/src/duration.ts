/**
 * Durations as policies write them: `90s`, `30m`, `24h`, `7d`, `2w`, or several units
 * together (`1d12h`). Kept as text in the policy (it is what the operator wrote) and
 * turned into milliseconds only where a decision needs a number.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_PATTERN = /^(?:\d+(?:ms|[smhdw]))+$/;
const PART_PATTERN = /(\d+)(ms|[smhdw])/g;

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION_PATTERN.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART_PATTERN)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isSafeInteger(total) ? total : undefined;
}
