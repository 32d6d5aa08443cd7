import { RecordFormatError, RecordParser, RecordLoader, parseRecords } from './record-loader';
import { registry } from './test-records';

describe(RecordParser.name, () => {
  const lines = [
    '{"type":"dcim.device","attrs":{"name":"sw1","serial":"S1"},"ids":{"netbox":4}}',
    '',
    '{"type":"dcim.interface","attrs":{"name":"Ethernet1/1","mtu":9000},"refs":{"device":"sw1"}}',
    '{"type":"ipam.ipaddress","attrs":{"address":"10.0.0.01/24"},"refs":{"assigned_object":["sw1","Ethernet1/1"],"tags":"mgmt"}}',
  ];

  it('reads JSON Lines fed in chunks of any size', () => {
    const text = lines.join('\n');
    const sut = new RecordParser(new RecordLoader(registry));
    for (let start = 0; start < text.length; start += 7) sut.push(text.slice(start, start + 7));

    const records = sut.end();

    expect(records.size).toBe(3);
    expect(records.get('dcim.device', 'sw1')).toMatchObject({
      attrs: { serial: 'S1' },
      ids: { netbox: 4 },
    });
    expect(records.get('dcim.interface', 'sw1\u001fEthernet1/1')?.refs).toEqual({ device: 'sw1' });
    expect(records.get('ipam.ipaddress', '\u001f10.0.0.1/24')?.refs).toEqual({
      assigned_object: 'sw1\u001fEthernet1/1',
      tags: ['mgmt'],
    });
  });

  it('reads a JSON array', () => {
    expect(parseRecords(`[${lines.filter(Boolean).join(',')}]`, registry).size).toBe(3);
  });

  it('counts duplicate keys; the later record wins', () => {
    const sut = new RecordParser(new RecordLoader(registry));
    sut.push(`${lines[0]}\n${lines[0]!.replace('S1', 'S2')}\n`);

    expect(sut.end().get('dcim.device', 'sw1')?.attrs.serial).toBe('S2');
    expect(sut.duplicates).toBe(1);
  });

  it.each([
    ['bad JSON', '{"type":', 'line 2: '],
    ['unknown type', '{"type":"dcim.nothing"}', 'line 2.type: unknown object type dcim.nothing'],
    [
      'unknown attribute',
      '{"type":"dcim.device","attrs":{"colour":"red"}}',
      'line 2.attrs.colour: dcim.device has no such attribute',
    ],
    [
      'unknown reference',
      '{"type":"dcim.device","refs":{"owner":"x"}}',
      'line 2.refs.owner: dcim.device has no such reference',
    ],
    [
      'reference of a wrong kind',
      '{"type":"dcim.device","refs":{"rack":5}}',
      'line 2.refs.rack: a reference is a key string or a list',
    ],
    [
      'structured natural key',
      '{"type":"dcim.device","attrs":{"name":{"a":1}}}',
      'line 2.attrs.name: a natural key field holds a scalar',
    ],
    ['not an object', '[1]', 'line 2'],
  ])('names the line of %s', (_name, line, message) => {
    expect(() => parseRecords(`${lines[0]}\n${line}\n`, registry)).toThrow(RecordFormatError);
    expect(() => parseRecords(`${lines[0]}\n${line}\n`, registry)).toThrow(message);
  });
});
