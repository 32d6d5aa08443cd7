import { type FieldRule } from '@plumbline/object-types';
import { isSameReference, isSameValue, normaliseAddress } from './comparators';
import { type JsonValue } from './record';

describe(isSameValue.name, () => {
  const sut = isSameValue;
  const cases: [string, JsonValue | undefined, JsonValue | undefined, FieldRule, boolean][] = [
    ['identical strings', 'a', 'a', {}, true],
    ['different strings', 'a', 'b', {}, false],
    ['case differs, case-sensitive', 'Active', 'active', {}, false],
    ['case differs, case-insensitive', 'Active', 'active', { isCaseInsensitive: true }, true],
    ['whitespace, not trimmed', ' core ', 'core', {}, false],
    ['whitespace, trimmed', ' core ', 'core', { isTrimmed: true }, true],
    ['null vs empty, strict', null, '', {}, false],
    ['null vs empty, null-empty', null, '', { isNullEmpty: true }, true],
    ['absent vs empty, null-empty', undefined, '', { isNullEmpty: true }, true],
    ['absent vs null', undefined, null, {}, true],
    ['number vs numeric string, number kind', 1500, '1500', { kind: 'number' }, true],
    ['number vs other numeric string', 1500, '9000', { kind: 'number' }, false],
    ['number vs numeric string, no kind', 1500, '1500', {}, false],
    ['number vs blank string', 0, ' ', { kind: 'number' }, false],
    ['boolean vs "true"', true, 'true', { kind: 'boolean' }, true],
    ['ipv4 leading zeros', '10.0.0.01/24', '10.0.0.1/24', { kind: 'ip' }, true],
    ['ipv4 host without length', '10.0.0.1', '10.0.0.1/32', { kind: 'ip' }, true],
    ['ipv4 different length', '10.0.0.1/24', '10.0.0.1/25', { kind: 'ip' }, false],
    [
      'ipv6 compressed vs expanded',
      '2001:DB8::1/64',
      '2001:0db8:0:0:0:0:0:1/64',
      { kind: 'ip' },
      true,
    ],
    ['cidr equal', '2001:db8:0::/48', '2001:db8::/48', { kind: 'cidr' }, true],
    ['cidr different network', '10.1.0.0/16', '10.2.0.0/16', { kind: 'cidr' }, false],
    ['not an address stays exact', 'n/a', 'N/A', { kind: 'ip' }, false],
    ['ordered list, other order', ['a', 'b'], ['b', 'a'], {}, false],
    ['unordered list, other order', ['a', 'b'], ['b', 'a'], { isUnordered: true }, true],
    [
      'unordered list, other case',
      ['A'],
      ['a'],
      { isUnordered: true, isCaseInsensitive: true },
      true,
    ],
    ['unordered list, other items', ['a', 'b'], ['a', 'c'], { isUnordered: true }, false],
    ['list vs null', [], null, { isUnordered: true }, true],
    ['objects, key order', { a: 1, b: 2 }, { b: 2, a: 1 }, { kind: 'json' }, true],
    ['objects, other value', { a: 1 }, { a: 2 }, { kind: 'json' }, false],
  ];

  it.each(cases)('%s', (_name, left, right, rule, expected) => {
    expect(sut(left, right, rule)).toBe(expected);
    expect(sut(right, left, rule)).toBe(expected);
  });
});

describe(isSameReference.name, () => {
  const sut = isSameReference;

  it.each([
    ['same key', 'a', 'a', true],
    ['other key', 'a', 'b', false],
    ['null vs absent', null, undefined, true],
    ['lists in any order', ['x', 'y'], ['y', 'x'], true],
    ['lists with other items', ['x'], ['x', 'y'], false],
    ['empty list vs null', [], null, true],
  ] as const)('%s', (_name, left, right, expected) => {
    expect(sut(left, right)).toBe(expected);
  });
});

describe(normaliseAddress.name, () => {
  const sut = normaliseAddress;

  it.each([
    ['10.000.0.1/24', true, '10.0.0.1/24'],
    ['10.0.0.1', true, '10.0.0.1/32'],
    ['10.0.0.0/8', false, '10.0.0.0/8'],
    ['fe80:0:0:0:1:0:0:1', true, 'fe80::1:0:0:1/128'],
    ['2001:db8:0:1:0:0:0:0/64', false, '2001:db8:0:1::/64'],
    ['::', true, '::/128'],
    ['10.0.0.256/24', true, '10.0.0.256/24'],
    ['10.0.0.1/33', true, '10.0.0.1/33'],
  ] as const)('%s', (text, isHost, expected) => {
    expect(sut(text, isHost)).toBe(expected);
  });
});
