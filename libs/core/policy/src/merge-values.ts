import { canonicalJson } from './canonical-json';

/** A merged value, or why the values cannot be merged that way. */
export type MergeResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Joins the target's and the source's text, target first. When one already contains the
 * other there is nothing to add, so the longer one is kept rather than repeating text.
 */
export function concatenateValues(
  current: unknown,
  proposed: unknown,
  separator: string,
): MergeResult {
  if (isBlank(current)) return { ok: true, value: proposed };
  if (isBlank(proposed)) return { ok: true, value: current };
  if (typeof current !== 'string' || typeof proposed !== 'string') {
    return { ok: false, reason: 'concatenate needs text on both sides' };
  }
  if (current.includes(proposed)) return { ok: true, value: current };
  if (proposed.includes(current)) return { ok: true, value: proposed };
  return { ok: true, value: `${current}${separator}${proposed}` };
}

/**
 * Three-way union of two lists: keeps what either side has, except items that were in
 * the base and that one side removed since (a removal is a change too). Without a base
 * it is the plain union. The result is sorted, so neither the order of the sides nor the
 * order inside the lists changes it.
 */
export function unionValues(base: unknown, current: unknown, proposed: unknown): MergeResult {
  const lists = [base, current, proposed].map(toList);
  const [baseList, currentList, proposedList] = lists;
  if (baseList === undefined || currentList === undefined || proposedList === undefined) {
    return { ok: false, reason: 'union needs lists' };
  }
  const baseKeys = new Set(baseList.map((item) => canonicalJson(item)));
  const currentKeys = new Set(currentList.map((item) => canonicalJson(item)));
  const proposedKeys = new Set(proposedList.map((item) => canonicalJson(item)));
  const merged = new Map<string, unknown>();
  for (const item of [...currentList, ...proposedList]) {
    const key = canonicalJson(item);
    const isRemovedBySide = baseKeys.has(key) && (!currentKeys.has(key) || !proposedKeys.has(key));
    if (!isRemovedBySide) merged.set(key, item);
  }
  const sortedKeys = [...merged.keys()].sort();
  return { ok: true, value: sortedKeys.map((key) => merged.get(key)) };
}

/** A list, `[]` for no value, undefined for anything else. */
function toList(value: unknown): readonly unknown[] | undefined {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : undefined;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}
