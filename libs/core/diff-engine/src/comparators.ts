import { type FieldRule } from '@plumbline/object-types';
import { type JsonValue, type ReferenceValue } from './record';

type FieldValue = JsonValue | undefined;

/**
 * True when two values of a field are the same under its rule. Callers try `===` first; this
 * is the slow path and may allocate.
 */
export function isSameValue(left: FieldValue, right: FieldValue, rule: FieldRule): boolean {
  if (left === right) {
    return true;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    return isSameList(left, right, rule);
  }
  return isSameJson(normaliseScalar(left, rule), normaliseScalar(right, rule));
}

/** References compare by key; lists of references are sets. */
export function isSameReference(
  left: ReferenceValue | undefined,
  right: ReferenceValue | undefined,
): boolean {
  if (left === right) {
    return true;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    const leftList = toList(left);
    const rightList = toList(right);
    return isSameJson([...leftList].sort(), [...rightList].sort());
  }
  return (left ?? null) === (right ?? null);
}

/** The canonical form of a value under a rule: what a natural key is built from. */
export function normaliseScalar(value: FieldValue, rule: FieldRule): FieldValue {
  if (value === undefined || value === null) {
    return rule.isNullEmpty ? '' : null;
  }
  switch (rule.kind) {
    case 'number':
      return normaliseNumber(value);
    case 'boolean':
      return normaliseBoolean(value);
    case 'ip':
      return typeof value === 'string' ? normaliseAddress(value, true) : value;
    case 'cidr':
      return typeof value === 'string' ? normaliseAddress(value, false) : value;
    default:
      return typeof value === 'string' ? normaliseString(value, rule) : value;
  }
}

function normaliseString(value: string, rule: FieldRule): string {
  let result = rule.isTrimmed ? value.trim() : value;
  if (rule.isCaseInsensitive) {
    result = result.toLowerCase();
  }
  return result;
}

function normaliseNumber(value: JsonValue): JsonValue {
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isNaN(parsed) ? value : parsed;
  }
  return value;
}

function normaliseBoolean(value: JsonValue): JsonValue {
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
  }
  return value;
}

function isSameList(left: FieldValue, right: FieldValue, rule: FieldRule): boolean {
  const leftList = toList(left as ReferenceValue).map((item) => normaliseScalar(item, rule));
  const rightList = toList(right as ReferenceValue).map((item) => normaliseScalar(item, rule));
  if (rule.isUnordered) {
    leftList.sort(compareCanonical);
    rightList.sort(compareCanonical);
  }
  return isSameJson(leftList, rightList);
}

/** Null and absent stand for an empty list. */
function toList(value: unknown): readonly FieldValue[] {
  if (value === null || value === undefined) {
    return [];
  }
  return Array.isArray(value) ? (value as FieldValue[]) : [value as FieldValue];
}

function compareCanonical(left: FieldValue, right: FieldValue): number {
  const leftText = JSON.stringify(left) ?? '';
  const rightText = JSON.stringify(right) ?? '';
  return leftText < rightText ? -1 : leftText > rightText ? 1 : 0;
}

/** Structural equality of JSON values; object key order does not matter. */
export function isSameJson(left: unknown, right: unknown): boolean {
  if (left === right) {
    return true;
  }
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    return false;
  }
  if (Array.isArray(left) !== Array.isArray(right)) {
    return false;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    return (
      left.length === right.length && left.every((item, index) => isSameJson(item, right[index]))
    );
  }
  const leftObject = left as Record<string, unknown>;
  const rightObject = right as Record<string, unknown>;
  const leftKeys = Object.keys(leftObject);
  return (
    leftKeys.length === Object.keys(rightObject).length &&
    leftKeys.every((key) => key in rightObject && isSameJson(leftObject[key], rightObject[key]))
  );
}

/**
 * Canonical text of an IP address (`isHost`) or prefix: IPv4 without leading zeros, IPv6
 * compressed and lower case, an address without a length gets the full length (/32, /128).
 * Text that is no address is returned unchanged, so it still compares exactly.
 */
export function normaliseAddress(text: string, isHost: boolean): string {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const lengthText = slash === -1 ? undefined : trimmed.slice(slash + 1);
  const isV6 = address.includes(':');
  const canonical = isV6 ? normaliseIpv6(address) : normaliseIpv4(address);
  if (canonical === undefined) {
    return text;
  }
  const maxLength = isV6 ? 128 : 32;
  const length = lengthText === undefined ? maxLength : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > maxLength || lengthText === '') {
    return text;
  }
  return isHost || lengthText !== undefined ? `${canonical}/${length}` : canonical;
}

function normaliseIpv4(address: string): string | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) {
    return undefined;
  }
  return parts.map(Number).join('.');
}

function normaliseIpv6(address: string): string | undefined {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
    return undefined;
  }
  const groups = [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) {
    return undefined;
  }
  const words = groups.map((group) => parseInt(group, 16).toString(16));
  // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let end = start;
    while (end < 8 && words[end] === '0') end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
  }
  if (bestStart === -1) {
    return words.join(':');
  }
  return `${words.slice(0, bestStart).join(':')}::${words.slice(bestStart + bestLength).join(':')}`;
}
