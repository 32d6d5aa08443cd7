import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  type CanonicalRecord,
  RecordFormatError,
  RecordLoader,
  parseRecords,
  type RecordSet,
} from '@plumbline/diff-engine';
import { NETBOX_NAUTOBOT_TYPES, ObjectTypeRegistry } from '@plumbline/object-types';
import { RecordBytesParser } from './record-bytes-parser';
import { readRecordFile } from './record-file';

const registry = new ObjectTypeRegistry(NETBOX_NAUTOBOT_TYPES);

function parseBytes(text: string): { records: RecordSet; sut: RecordBytesParser } {
  const sut = new RecordBytesParser(new RecordLoader(registry));
  return { records: sut.parseLines(Buffer.from(text, 'utf8')), sut };
}

/** What the JSON.parse-per-line parser reads from the same text. */
function parseReference(text: string): RecordSet {
  return parseRecords(text, registry);
}

const listOf = (records: RecordSet): CanonicalRecord[] => [...records];

describe(RecordBytesParser.name, () => {
  it.each([
    ['plain device', '{"type":"dcim.device","attrs":{"name":"sw1","serial":"S1"}}', false],
    ['type last', '{"attrs":{"name":"sw1","position":7},"type":"dcim.device"}', false],
    ['unicode', '{"type":"dcim.device","attrs":{"name":"schränk-ä😀","comments":"日本"}}', false],
    [
      'escapes',
      String.raw`{"type":"dcim.device","attrs":{"name":"a\"b","comments":"x\n\u0041\\"}}`,
      true,
    ],
    [
      'nulls',
      '{"type":"dcim.device","attrs":{"name":"sw1","serial":null},"refs":{"rack":null}}',
      false,
    ],
    [
      'nested values',
      '{"type":"dcim.device","attrs":{"name":"sw1","comments":{"a":[1,{"b":null}],"c":[]},"serial":[true,false]}}',
      false,
    ],
    [
      'numbers',
      '{"type":"dcim.device","attrs":{"name":"n","position":-0,"serial":[0,-12,1.5,2e3,-1.25E-2,123456789012345678901]}}',
      false,
    ],
    [
      'whitespace and CRLF',
      ' { "type" : "dcim.interface" , "attrs" : { "name" : "e1" } , "refs" : { "device" : "sw1" } } \r',
      false,
    ],
    [
      'compound and list references, ids, provenance',
      '{"type":"ipam.ipaddress","attrs":{"address":"10.0.0.01/24"},"refs":{"assigned_object":["sw1","e1"],"tags":"mgmt","vrf":null},"ids":{"netbox":4,"nautobot":"u-1"},"source":"nb","observedAt":"2026-11-22T10:00:00Z","extra":{"x":1}}',
      false,
    ],
    ['empty record fields', '{"type":"extras.tag","attrs":{"name":"t"},"refs":{},"ids":{}}', false],
    ['a __proto__ attribute', '{"type":"dcim.device","attrs":{"__proto__":1}}', true],
  ])('reads %s as JSON.parse does', (_name, line, isSlow) => {
    const text = `${line}\n\n${line.replace(/"name" ?: ?"/, '"name":"other-')}\n`;
    const isRejected = (() => {
      try {
        parseReference(text);
        return false;
      } catch {
        return true;
      }
    })();
    if (isRejected) {
      expect(() => parseBytes(text)).toThrow(RecordFormatError);
      return;
    }
    const { records, sut } = parseBytes(text);

    expect(listOf(records)).toEqual(listOf(parseReference(text)));
    expect(sut.slowLines > 0).toBe(isSlow);
  });

  it.each([
    ['bad JSON', '{"type":'],
    ['trailing text', '{"type":"extras.tag","attrs":{"name":"t"}} x'],
    ['two records on a line', '{"type":"extras.tag"}{"type":"extras.tag"}'],
    ['a leading zero', '{"type":"dcim.device","attrs":{"name":"a","position":01}}'],
    ['a bare dot', '{"type":"dcim.device","attrs":{"name":"a","position":1.}}'],
    ['a raw tab in a string', '{"type":"dcim.device","attrs":{"name":"a\tb"}}'],
    ['a single quote', "{'type':'dcim.device'}"],
    ['a trailing comma', '{"type":"extras.tag","attrs":{"name":"t",}}'],
    ['tru', '{"type":"dcim.device","attrs":{"name":"a","serial":tru}}'],
    ['unknown type', '{"type":"dcim.nothing"}'],
    ['unknown attribute', '{"type":"dcim.device","attrs":{"colour":"red"}}'],
    ['unknown reference', '{"type":"dcim.device","refs":{"owner":"x"}}'],
    ['reference of a wrong kind', '{"type":"dcim.device","refs":{"rack":5}}'],
    ['structured natural key', '{"type":"dcim.device","attrs":{"name":{"a":1}}}'],
    ['not an object', '[1]'],
    ['unterminated', '{"type":"dcim.device","attrs":{"name":"a'],
  ])('rejects %s with the message RecordParser gives', (_name, line) => {
    const text = `{"type":"extras.tag","attrs":{"name":"t"}}\n${line}\n`;
    let expected = '';
    try {
      parseReference(text);
    } catch (error) {
      expected = (error as Error).message;
    }

    expect(expected).toMatch(/^line 2/);
    expect(() => parseBytes(text)).toThrow(expected);
  });

  it('counts duplicate keys; the later record wins', () => {
    const { records, sut } = parseBytes(
      '{"type":"extras.tag","attrs":{"name":"t","color":"red"}}\n{"type":"extras.tag","attrs":{"name":"t","color":"blue"}}',
    );

    expect(records.get('extras.tag', 't')?.attrs.color).toBe('blue');
    expect(sut.duplicates).toBe(1);
  });

  it('shares one string for a value repeated on many lines', () => {
    const line = '{"type":"dcim.interface","attrs":{"name":"Ethernet1/1"},"refs":{"device":"D"}}';
    const { records } = parseBytes(`${line}\n${line.replace('"D"', '"E"')}`);
    const [first, second] = listOf(records);

    expect(first?.attrs.name).toBe('Ethernet1/1');
    expect(Object.is(first?.attrs.name, second?.attrs.name)).toBe(true);
  });

  describe('round trip', () => {
    // Strings with quotes, backslashes, control characters, astral-plane characters.
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const device = fc.record(
      {
        type: fc.constant('dcim.device'),
        attrs: fc.record(
          {
            name: text,
            serial: fc.option(text, { nil: null }),
            position: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
            comments: fc.jsonValue({ maxDepth: 3 }),
          },
          { requiredKeys: ['name'] },
        ),
        refs: fc.record(
          {
            location: fc.option(text, { nil: null }),
            tags: fc.oneof(text, fc.array(text, { maxLength: 3 })),
          },
          { requiredKeys: [] },
        ),
        ids: fc.record({ netbox: fc.nat(), nautobot: fc.uuid() }, { requiredKeys: [] }),
        source: text,
        observedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      },
      { requiredKeys: ['type', 'attrs'] },
    );
    const files = fc.array(device, { maxLength: 20 }).map((records) => ({
      records,
      text: records.map((record) => JSON.stringify(record)).join('\n'),
    }));

    it('serialise → parse gives the records JSON.parse gives', () => {
      fc.assert(
        fc.property(files, ({ text: file }) => {
          expect(listOf(parseBytes(file).records)).toEqual(listOf(parseReference(file)));
        }),
        { numRuns: 300 },
      );
    });

    it('serialise → parse gives back the values written', () => {
      fc.assert(
        fc.property(files, ({ records, text: file }) => {
          const parsed = parseBytes(file).records;
          const last = new Map<string, (typeof records)[number]>();
          for (const written of records) last.set(written.attrs.name.trim(), written);
          for (const [key, written] of last) {
            const read = parsed.get('dcim.device', key);
            expect(read?.attrs).toEqual(JSON.parse(JSON.stringify(written.attrs)));
            expect(read?.ids).toEqual(written.ids);
            expect(read?.source).toBe(written.source);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe(readRecordFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-records-'));
  const lines = Array.from(
    { length: 50 },
    (_, index) =>
      `{"type":"dcim.interface","attrs":{"name":"e${index}","description":"ü${'x'.repeat(index)}"},"refs":{"device":"sw"}}`,
  );

  it.each([
    ['JSON Lines', 'records.jsonl', `${lines.join('\n')}\n`],
    ['JSON Lines without a final newline', 'open.jsonl', lines.join('\r\n')],
    ['a JSON array', 'records.json', ` [${lines.join(',\n')}]`],
  ])('reads %s in chunks smaller than a line', (_name, file, text) => {
    const path = join(dir, file);
    writeFileSync(path, text);

    for (const chunkBytes of [7, 64, 1 << 20]) {
      const records = readRecordFile(path, new RecordLoader(registry), chunkBytes);
      expect(records.size).toBe(50);
      expect(records.get('dcim.interface', 'sw\u001fe49')?.attrs.description).toBe(
        `ü${'x'.repeat(49)}`,
      );
    }
  });
});
