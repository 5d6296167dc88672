import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import { RAW_MAX_BYTES } from './token-event';

/**
 * Deterministic event id for records whose vendor gives none: a hash of the source and the record's canonical
 * JSON (keys sorted), so the same record re-delivered — in any key order — gets the same id.
 */
export function eventIdFromRaw(source: string, record: unknown): string {
  return source + ':' + sha256Hex(canonicalJson(record)).slice(0, 32);
}

/** One-shot `crypto.hash` (Node ≥ 20.12) skips building a Hash object per record; same digest either way. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Record keys repeat from one record to the next; their JSON spelling is worth keeping. Bounded, never evicted. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  // A plain loop over sorted keys: this runs for every record without a vendor id, so allocations matter.
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key) + ':' + canonicalJson(item);
  }
  return out + '}';
}

/**
 * Normalised text form of an IP address, or undefined when the input is not one: IPv4 without leading zeros,
 * IPv6 lower-case and compressed, IPv4-mapped IPv6 (::ffff:1.2.3.4) as plain IPv4, zone ids and brackets dropped.
 */
export function normaliseIp(input: string): string | undefined {
  let text = input.trim();
  if (text.startsWith('[') && text.includes(']')) text = text.slice(1, text.indexOf(']'));
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const version = isIP(text);
  // Node's isIP accepts IPv4 only in canonical form (no leading zeros), so an IPv4 address is already normalised.
  if (version === 4) return text;
  if (version !== 6) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) return normaliseIp(mapped[1]!);
  // URL's host parser applies RFC 5952 compression and lower-casing for us.
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

/** JSON text of the original record, cut to RAW_MAX_BYTES (on a character boundary) with a marker. */
export function truncateRaw(text: string): string {
  if (Buffer.byteLength(text) <= RAW_MAX_BYTES) return text;
  const marker = '…[truncated]';
  let cut = Buffer.from(text)
    .subarray(0, RAW_MAX_BYTES - Buffer.byteLength(marker))
    .toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut + marker;
}

function expandIpv6(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The network an address belongs to, as CIDR text: /24 for IPv4 and /64 for IPv6 by default (the granularity
 * at which "a new network" is judged; one ISP customer usually keeps one /24 or /64). Expects a normalised IP.
 */
export function networkOf(ip: string, ipv4Prefix = 24, ipv6Prefix = 64): string {
  if (isIP(ip) === 4) {
    // The default /24 of a normalised address is its first three octets: no arithmetic on the ingest hot path.
    if (ipv4Prefix === 24) return ip.slice(0, ip.lastIndexOf('.')) + '.0/24';
    const value = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const size = 2 ** (32 - ipv4Prefix);
    const base = Math.floor(value / size) * size;
    return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.') + '/' + ipv4Prefix;
  }
  if (isIP(ip) !== 6) return '';
  const groups = expandIpv6(ip).map((group, i) => {
    const bitsKept = Math.min(16, Math.max(0, ipv6Prefix - i * 16));
    return bitsKept === 16 ? group : group & ~((1 << (16 - bitsKept)) - 1) & 0xffff;
  });
  const text = groups.map((g) => g.toString(16)).join(':');
  return new URL(`http://[${text}]/`).hostname.slice(1, -1) + '/' + ipv6Prefix;
}
