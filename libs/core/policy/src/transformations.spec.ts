import fc from 'fast-check';
import { TransformationError } from './transformation.error';
import { type FieldValue, type TransformationSpec } from './transformation.types';
import { applyTransformations, compileTransformations } from './transformations';

function valueOf(value: FieldValue, specs: TransformationSpec[]): FieldValue {
  const result = applyTransformations(value, specs);
  if (!result.ok) throw new Error(`expected success, got: ${result.error.message}`);
  return result.value;
}

function errorOf(value: FieldValue, specs: TransformationSpec[]): TransformationError {
  const result = applyTransformations(value, specs);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe(applyTransformations.name, () => {
  const sut = applyTransformations;

  describe('successful transformations', () => {
    it.each<[string, FieldValue, TransformationSpec[], FieldValue]>([
      ['no transformations', 'leaf-01', [], 'leaf-01'],
      ['uppercase', 'leaf-01', [{ type: 'uppercase' }], 'LEAF-01'],
      ['uppercase of German sharp s', 'straße', [{ type: 'uppercase' }], 'STRASSE'],
      ['lowercase', 'Leaf-01', [{ type: 'lowercase' }], 'leaf-01'],
      ['trim_whitespace', ' \t leaf-01 \n', [{ type: 'trim_whitespace' }], 'leaf-01'],
      ['trim keeps inner spaces', ' rack  A ', [{ type: 'trim_whitespace' }], 'rack  A'],
      [
        'replace every match by default',
        'leaf_01_a',
        [{ type: 'replace', pattern: '_', replacement: '-' }],
        'leaf-01-a',
      ],
      [
        'replace with groups',
        'ge-0/0/1',
        [{ type: 'replace', pattern: '^ge-(\\d+)/(\\d+)/(\\d+)$', replacement: 'Gi$1/$2/$3' }],
        'Gi0/0/1',
      ],
      [
        'replace with explicit flags, case-insensitive and first match only',
        'Leaf LEAF leaf',
        [{ type: 'replace', pattern: 'leaf', replacement: 'spine', flags: 'i' }],
        'spine LEAF leaf',
      ],
      [
        'replace with no match leaves the value',
        'spine-01',
        [{ type: 'replace', pattern: '_', replacement: '-' }],
        'spine-01',
      ],
      [
        'lookup a known value',
        'datacenter1',
        [{ type: 'lookup', mapping: { datacenter1: 'DC1', datacenter2: 'DC2' } }],
        'DC1',
      ],
      [
        'lookup an unknown value without default passes it through',
        'datacenter9',
        [{ type: 'lookup', mapping: { datacenter1: 'DC1' } }],
        'datacenter9',
      ],
      [
        'lookup an unknown value with default',
        'datacenter9',
        [{ type: 'lookup', mapping: { datacenter1: 'DC1' }, default: 'UNASSIGNED' }],
        'UNASSIGNED',
      ],
      [
        'lookup a number by its text',
        100,
        [{ type: 'lookup', mapping: { '100': 'mgmt', '200': 'data' } }],
        'mgmt',
      ],
      [
        'lookup ignores inherited object keys',
        'constructor',
        [{ type: 'lookup', mapping: { a: 'b' }, default: 'other' }],
        'other',
      ],
      ['lookup leaves a missing value missing', null, [{ type: 'lookup', mapping: {} }], null],
      ['default fills undefined', undefined, [{ type: 'default', value: 'active' }], 'active'],
      ['default fills null', null, [{ type: 'default', value: false }], false],
      ['default fills empty text', '', [{ type: 'default', value: 'active' }], 'active'],
      ['default fills blank text', '   ', [{ type: 'default', value: 'active' }], 'active'],
      ['default keeps a value', 'planned', [{ type: 'default', value: 'active' }], 'planned'],
      ['default keeps zero', 0, [{ type: 'default', value: 1 }], 0],
      ['default keeps false', false, [{ type: 'default', value: true }], false],
      ['text rules leave a missing value missing', null, [{ type: 'uppercase' }], null],
      [
        'the seed example: uppercase then replace',
        'leaf_01',
        [{ type: 'uppercase' }, { type: 'replace', pattern: '_', replacement: '-' }],
        'LEAF-01',
      ],
      [
        'order matters: trim, then default sees an empty value',
        '  ',
        [{ type: 'trim_whitespace' }, { type: 'default', value: 'n/a' }],
        'n/a',
      ],
    ])('%s', (_case, value, specs, expected) => {
      expect(valueOf(value, specs)).toEqual(expected);
    });
  });

  describe('format: iso8601', () => {
    const format: TransformationSpec[] = [{ type: 'format', format: 'iso8601' }];

    it.each<[string, FieldValue, string]>([
      ['ISO with Z', '2024-03-07T10:15:30Z', '2024-03-07T10:15:30.000Z'],
      ['ISO with milliseconds', '2024-03-07T10:15:30.123Z', '2024-03-07T10:15:30.123Z'],
      [
        'ISO with microseconds (dropped)',
        '2024-03-07T10:15:30.123456Z',
        '2024-03-07T10:15:30.123Z',
      ],
      ['ISO with positive offset', '2024-03-07T10:15:30+01:00', '2024-03-07T09:15:30.000Z'],
      ['ISO with negative offset', '2024-03-07T22:15:30-05:30', '2024-03-08T03:45:30.000Z'],
      ['ISO with compact offset', '2024-03-07T10:15:30+0100', '2024-03-07T09:15:30.000Z'],
      ['ISO with hour-only offset', '2024-03-07T10:15:30+01', '2024-03-07T09:15:30.000Z'],
      ['ISO without offset is UTC', '2024-03-07T10:15:30', '2024-03-07T10:15:30.000Z'],
      ['ISO without seconds', '2024-03-07T10:15', '2024-03-07T10:15:00.000Z'],
      ['space instead of T', '2024-03-07 10:15:30', '2024-03-07T10:15:30.000Z'],
      ['lowercase t and z', '2024-03-07t10:15:30z', '2024-03-07T10:15:30.000Z'],
      ['comma as decimal sign', '2024-03-07T10:15:30,5Z', '2024-03-07T10:15:30.500Z'],
      ['date only is midnight UTC', '2024-03-07', '2024-03-07T00:00:00.000Z'],
      ['leap day', '2024-02-29', '2024-02-29T00:00:00.000Z'],
      ['surrounding whitespace', '  2024-03-07T10:15:30Z ', '2024-03-07T10:15:30.000Z'],
      ['year below 100 is not 19xx', '0042-01-01', '0042-01-01T00:00:00.000Z'],
      ['HTTP date', 'Thu, 07 Mar 2024 10:15:30 GMT', '2024-03-07T10:15:30.000Z'],
      ['RFC 2822 with offset', '7 Mar 2024 10:15 +0100', '2024-03-07T09:15:00.000Z'],
      ['epoch seconds', 1_709_806_530, '2024-03-07T10:15:30.000Z'],
      ['fractional epoch seconds', 1_709_806_530.25, '2024-03-07T10:15:30.250Z'],
      ['already normalised', '2024-03-07T10:15:30.000Z', '2024-03-07T10:15:30.000Z'],
    ])('%s', (_case, value, expected) => {
      expect(valueOf(value, format)).toBe(expected);
    });

    it('leaves a missing value missing', () => {
      expect(valueOf(undefined, format)).toBeUndefined();
    });

    it.each<[string, FieldValue, RegExp]>([
      ['free text', 'last tuesday', /cannot read "last tuesday" as a date\/time/],
      ['impossible day', '2024-02-30', /cannot read/],
      ['non-leap 29 February', '2023-02-29', /cannot read/],
      ['month 13', '2024-13-01', /cannot read/],
      ['hour 24', '2024-03-07T24:00:00Z', /cannot read/],
      ['offset out of range', '2024-03-07T10:00:00+25:00', /cannot read/],
      ['HTTP date without zone', 'Thu, 07 Mar 2024 10:15:30', /cannot read/],
      ['unknown month name', '7 Foo 2024 10:15 GMT', /cannot read/],
      ['empty text', '', /cannot read ""/],
      ['boolean', true, /expects a date\/time, got boolean true/],
      ['infinite number', Number.POSITIVE_INFINITY, /cannot read/],
      ['beyond year 9999 after offset', '9999-12-31T23:30:00-01:00', /outside the years 0000-9999/],
    ])('rejects %s', (_case, value, message) => {
      const error = errorOf(value, format);

      expect(error).toBeInstanceOf(TransformationError);
      expect(error.transformation).toBe('format');
      expect(error.message).toMatch(message);
    });
  });

  describe('failures name the transformation', () => {
    it.each<[string, FieldValue, TransformationSpec[], number, string, RegExp]>([
      [
        'invalid regular expression',
        'x',
        [{ type: 'trim_whitespace' }, { type: 'replace', pattern: '(unclosed', replacement: '' }],
        1,
        'replace',
        /^transformation #2 \(replace\): invalid pattern "\(unclosed": /,
      ],
      [
        'invalid flags',
        'x',
        [{ type: 'replace', pattern: 'a', replacement: 'b', flags: 'gq' }],
        0,
        'replace',
        /invalid pattern "a"/,
      ],
      [
        'empty pattern',
        'x',
        [{ type: 'replace', pattern: '', replacement: 'b' }],
        0,
        'replace',
        /pattern must be a non-empty string/,
      ],
      [
        'uppercase of a number',
        42,
        [{ type: 'uppercase' }],
        0,
        'uppercase',
        /^transformation #1 \(uppercase\): expects text, got number 42$/,
      ],
      [
        'replace of a boolean',
        true,
        [{ type: 'lowercase' }, { type: 'replace', pattern: 'a', replacement: 'b' }],
        0,
        'lowercase',
        /expects text, got boolean true/,
      ],
      [
        'lookup with an array for a mapping',
        'x',
        [{ type: 'lookup', mapping: ['a'] as unknown as Record<string, string> }],
        0,
        'lookup',
        /mapping must be an object/,
      ],
      [
        'lookup with a nested object as a target',
        'x',
        [{ type: 'lookup', mapping: { x: { y: 1 } } as unknown as Record<string, string> }],
        0,
        'lookup',
        /mapping for "x" must be a string, number or boolean/,
      ],
      [
        'default without a value',
        null,
        [{ type: 'default' } as unknown as TransformationSpec],
        0,
        'default',
        /value must be a string, number or boolean/,
      ],
      [
        'unsupported format',
        '2024-01-01',
        [{ type: 'format', format: 'rfc2822' } as unknown as TransformationSpec],
        0,
        'format',
        /unsupported format "rfc2822"/,
      ],
      [
        'unknown type from stored YAML',
        'x',
        [{ type: 'uppercase' }, { type: 'titlecase' } as unknown as TransformationSpec],
        1,
        'titlecase',
        /unknown transformation type "titlecase"/,
      ],
      [
        'a spec that is not an object',
        'x',
        [null as unknown as TransformationSpec],
        0,
        '(no type)',
        /must be an object with a "type"/,
      ],
    ])('%s', (_case, value, specs, index, transformation, message) => {
      const error = errorOf(value, specs);

      expect(error).toBeInstanceOf(TransformationError);
      expect(error.name).toBe('TransformationError');
      expect(error.index).toBe(index);
      expect(error.transformation).toBe(transformation);
      expect(error.message).toMatch(message);
    });
  });

  describe('properties', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });

    it.each<[string, TransformationSpec]>([
      ['trim_whitespace', { type: 'trim_whitespace' }],
      ['uppercase', { type: 'uppercase' }],
      ['lowercase', { type: 'lowercase' }],
    ])('%s is idempotent', (_name, spec) => {
      fc.assert(
        fc.property(text, (value) => {
          const once = valueOf(value, [spec]);
          expect(valueOf(once, [spec])).toBe(once);
        }),
      );
    });

    it('format is idempotent for any instant it accepts, whatever the offset', () => {
      const instant = fc.date({
        min: new Date('0001-01-01T00:00:00.000Z'),
        max: new Date('9998-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      });
      const offsetMinutes = fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 });
      fc.assert(
        fc.property(instant, offsetMinutes, (date, offset) => {
          const input = withOffset(date, offset);
          const once = valueOf(input, [{ type: 'format', format: 'iso8601' }]);

          expect(once).toBe(date.toISOString());
          expect(valueOf(once, [{ type: 'format', format: 'iso8601' }])).toBe(once);
        }),
      );
    });

    it('default never leaves a value empty', () => {
      const value = fc.oneof(text, fc.constant(null), fc.constant(undefined), fc.integer());
      fc.assert(
        fc.property(value, (input) => {
          const out = valueOf(input, [{ type: 'default', value: 'n/a' }]);
          expect(out === null || out === undefined || String(out).trim() === '').toBe(false);
        }),
      );
    });

    it('lookup without default is the identity for values the mapping lacks', () => {
      fc.assert(
        fc.property(fc.dictionary(text, text), text, (mapping, value) => {
          fc.pre(!Object.hasOwn(mapping, value));
          expect(valueOf(value, [{ type: 'lookup', mapping }])).toBe(value);
        }),
      );
    });

    it('never throws, whatever the pattern and the input', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), fc.string(), (pattern, replacement, value) => {
          const result = sut(value, [{ type: 'replace', pattern, replacement }]);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error.transformation).toBe('replace');
        }),
      );
    });
  });
});

describe(compileTransformations.name, () => {
  const sut = compileTransformations;

  it('reports a bad pattern when the policy is loaded, before any value is seen', () => {
    expect(() => sut([{ type: 'replace', pattern: '[', replacement: '' }])).toThrow(
      TransformationError,
    );
  });

  it('gives the same answer for every record, even with a sticky regular expression', () => {
    const compiled = sut([{ type: 'replace', pattern: 'a', replacement: 'b', flags: 'y' }]);

    expect(compiled.apply('aa')).toEqual({ ok: true, value: 'ba' });
    expect(compiled.apply('aa')).toEqual({ ok: true, value: 'ba' });
  });

  it('keeps the specs it was compiled from, for explaining decisions', () => {
    const specs: TransformationSpec[] = [{ type: 'uppercase' }];

    expect(sut(specs).specs).toBe(specs);
  });
});

/** Writes `date` as local time at `offsetMinutes` east of UTC, e.g. `...T11:00:00+01:00`. */
function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
