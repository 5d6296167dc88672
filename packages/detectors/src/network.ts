import { isIP } from 'node:net';

/**
 * IP arithmetic for network granularity, suppression CIDRs and travel exclusions. IPv4 as a 32-bit number,
 * IPv6 as a 128-bit bigint; no I/O.
 */

function ipv4ToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function ipv6ToBigInt(ip: string): bigint {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parse = (s: string | undefined): string[] => (s ? s.split(':') : []);
  let groups = parse(head);
  let rest = parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expand = (list: string[]): string[] =>
    list.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const n = ipv4ToNumber(g);
      return [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
    });
  groups = expand(groups);
  rest = expand(rest);
  const missing = 8 - groups.length - rest.length;
  const all = tail === undefined ? groups : [...groups, ...Array<string>(missing).fill('0'), ...rest];
  return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

export interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a bare IP (a /32 or /128). Undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0) return undefined;
  const width = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  const value = version === 4 ? BigInt(ipv4ToNumber(address)) : ipv6ToBigInt(address);
  const shift = BigInt(width - prefix);
  return { version: version as 4 | 6, base: (value >> shift) << shift, prefix };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const version = isIP(ip);
  if (version !== cidr.version) return false;
  const width = version === 4 ? 32 : 128;
  const value = version === 4 ? BigInt(ipv4ToNumber(ip)) : ipv6ToBigInt(ip);
  const shift = BigInt(width - cidr.prefix);
  return (value >> shift) << shift === cidr.base;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
