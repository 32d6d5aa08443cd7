import fc from 'fast-check';
import { parseIpAddress, privateRangeOf, reservedRangeOf } from './ip-address';

describe(parseIpAddress.name, () => {
  const sut = parseIpAddress;

  it.each<[string, 4 | 6, bigint]>([
    ['10.1.2.3', 4, 0x0a010203n],
    ['10.1.2.3/24', 4, 0x0a010203n],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['2001:db8::1/64', 6, 0x20010db8_00000000_00000000_00000001n],
    ['fe80::1%eth0', 6, 0xfe80_0000_0000_0000_0000_0000_0000_0001n],
    ['::ffff:192.0.2.1', 6, 0xffff_c0000201n],
    ['1:2:3:4:5:6:7:8', 6, 0x0001_0002_0003_0004_0005_0006_0007_0008n],
    ['1::2:3:4:5:6:7', 6, 0x0001_0000_0002_0003_0004_0005_0006_0007n],
  ])('reads %s', (text, version, value) => {
    expect(sut(text)).toEqual({ version, value });
  });

  it.each([
    '',
    'leaf-01',
    '256.0.0.1',
    '1.2.3',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    'g::1',
    '1:2:3:4:5:6:7::8',
  ])('refuses %j', (text) => {
    expect(sut(text)).toBeUndefined();
  });

  it('reads every dotted IPv4 address back to its number', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        const parsed = sut(text);
        expect(parsed?.version).toBe(4);
        const octets = text.split('.').map(BigInt);
        expect(parsed?.value).toBe(octets.reduce((value, octet) => (value << 8n) | octet, 0n));
      }),
    );
  });

  it('reads every IPv6 address fast-check writes', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(sut(text)?.version).toBe(6);
      }),
    );
  });
});

describe(privateRangeOf.name, () => {
  it.each<[string, string | undefined]>([
    ['10.255.0.1', '10.0.0.0/8'],
    ['172.16.0.1', '172.16.0.0/12'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['172.32.0.1', undefined],
    ['192.168.10.1/24', '192.168.0.0/16'],
    ['8.8.8.8', undefined],
    ['fd12:3456::1', 'fc00::/7'],
    ['2001:4860::8888', undefined],
    ['::ffff:10.0.0.1', '10.0.0.0/8'],
  ])('%s → %s', (text, range) => {
    const address = parseIpAddress(text);
    if (!address) throw new Error('test address must parse');
    expect(privateRangeOf(address)).toBe(range);
  });
});

describe(reservedRangeOf.name, () => {
  it.each<[string, string | undefined]>([
    ['127.0.0.1', '127.0.0.0/8'],
    ['169.254.1.1', '169.254.0.0/16'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['192.0.2.10', '192.0.2.0/24'],
    ['198.51.100.7', '198.51.100.0/24'],
    ['203.0.113.7', '203.0.113.0/24'],
    ['224.0.0.5', '224.0.0.0/4'],
    ['255.255.255.255', '240.0.0.0/4'],
    ['0.0.0.0', '0.0.0.0/8'],
    ['10.0.0.1', undefined],
    ['8.8.8.8', undefined],
    ['::1', '::1/128'],
    ['::', '::/128'],
    ['fe80::1', 'fe80::/10'],
    ['2001:db8::5', '2001:db8::/32'],
    ['ff02::1', 'ff00::/8'],
    ['::ffff:127.0.0.1', '127.0.0.0/8'],
    ['2001:4860::8888', undefined],
  ])('%s → %s', (text, range) => {
    const address = parseIpAddress(text);
    if (!address) throw new Error('test address must parse');
    expect(reservedRangeOf(address)).toBe(range);
  });
});
