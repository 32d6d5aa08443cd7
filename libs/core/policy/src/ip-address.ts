/**
 * IP address classification for the `exclude_private` / `exclude_reserved` filters.
 * Parsed here (a few lines) rather than with a package, so the library stays dependency-free
 * and runs in the browser too.
 */

export interface IpAddress {
  version: 4 | 6;
  /** The address as a 32- or 128-bit number. */
  value: bigint;
}

interface Range {
  version: 4 | 6;
  network: bigint;
  prefixLength: number;
  /** Shown in explanations, e.g. `10.0.0.0/8`. */
  cidr: string;
}

/** Private use: RFC 1918 (IPv4) and unique local addresses, RFC 4193 (IPv6). */
const PRIVATE_RANGES = ranges(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']);

/**
 * Special-purpose blocks (IANA registries) that are neither private nor globally routed:
 * "this network", shared CGNAT space, loopback, link-local, IETF assignments, documentation,
 * benchmarking, multicast and the old class E; and their IPv6 counterparts.
 */
const RESERVED_RANGES = ranges([
  '0.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  '64:ff9b:1::/48',
  '100::/64',
  '2001:2::/48',
  '2001:db8::/32',
  '3fff::/20',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
]);

const MAPPED_IPV4_PREFIX = 0xffffn << 32n;

/**
 * Reads an address as NetBox and Nautobot write it, with or without a prefix length
 * (`10.0.0.1/24`) or an IPv6 zone (`fe80::1%eth0`); undefined when it is not one.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const address = text
    .trim()
    .replace(/\/\d{1,3}$/, '')
    .replace(/%[\w.-]+$/, '');
  const ipv4 = parseIpv4(address);
  if (ipv4 !== undefined) return { version: 4, value: ipv4 };
  const ipv6 = parseIpv6(address);
  return ipv6 === undefined ? undefined : { version: 6, value: ipv6 };
}

/** The private range holding the address, if any. */
export function privateRangeOf(address: IpAddress): string | undefined {
  return rangeOf(address, PRIVATE_RANGES);
}

/** The reserved (special-purpose, non-private) range holding the address, if any. */
export function reservedRangeOf(address: IpAddress): string | undefined {
  return rangeOf(address, RESERVED_RANGES);
}

function rangeOf(address: IpAddress, list: readonly Range[]): string | undefined {
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address in disguise.
  const effective =
    address.version === 6 && address.value >> 32n === MAPPED_IPV4_PREFIX >> 32n
      ? { version: 4 as const, value: address.value & 0xffff_ffffn }
      : address;
  const bits = effective.version === 4 ? 32 : 128;
  for (const range of list) {
    if (range.version !== effective.version) continue;
    const shift = BigInt(bits - range.prefixLength);
    if (effective.value >> shift === range.network >> shift) return range.cidr;
  }
  return undefined;
}

function parseIpv4(text: string): bigint | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (const part of match.slice(1)) {
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(Math.max(missing, 0)).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Hex groups of one side of `::`; a trailing dotted IPv4 part counts as two groups. */
function groupsOf(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const ipv4 = parseIpv4(part);
      if (ipv4 === undefined) return undefined;
      groups.push(Number(ipv4 >> 16n), Number(ipv4 & 0xffffn));
    } else if (/^[0-9a-f]{1,4}$/.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function ranges(cidrs: readonly string[]): Range[] {
  return cidrs.map((cidr) => {
    const [network = '', length = ''] = cidr.split('/');
    const address = parseIpAddress(network);
    if (!address) throw new Error(`bad built-in range ${cidr}`);
    return { ...address, network: address.value, prefixLength: Number(length), cidr };
  });
}
