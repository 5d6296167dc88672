import { readFile } from 'node:fs/promises';

/**
 * IP ranges → ASN from @ip-location-db/asn's "-num" CSV files (`start,end,asn,org`, sorted, non-overlapping),
 * held as typed arrays and searched by bisection. IPv4 ranges as 32-bit numbers; IPv6 as bigints.
 */
export interface AsnTable<N extends number | bigint> {
  starts: N[] | Uint32Array;
  ends: N[] | Uint32Array;
  asns: Uint32Array;
  orgIndex: Uint32Array;
  orgs: string[];
}

function parseOrg(rest: string): string {
  return rest.startsWith('"') ? rest.slice(1, -1).replace(/""/g, '"') : rest;
}

/** Splits "start,end,asn,org" without a CSV library (org may be quoted and contain commas). */
function* rows(text: string): Generator<[string, string, string, string]> {
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).replace(/\r$/, '');
    pos = nl + 1;
    if (line.length === 0) continue;
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    const c = line.indexOf(',', b + 1);
    yield [
      line.slice(0, a),
      line.slice(a + 1, b),
      line.slice(b + 1, c < 0 ? undefined : c),
      c < 0 ? '' : line.slice(c + 1),
    ];
  }
}

function orgsOf(): { index: (org: string) => number; list: string[] } {
  const ids = new Map<string, number>();
  const list: string[] = [];
  return {
    list,
    index(org) {
      let id = ids.get(org);
      if (id === undefined) {
        id = list.length;
        ids.set(org, id);
        list.push(org);
      }
      return id;
    },
  };
}

export async function loadAsnV4(path: string): Promise<AsnTable<number>> {
  const text = await readFile(path, 'utf8');
  const count = text.split('\n').length;
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const asns = new Uint32Array(count);
  const orgIndex = new Uint32Array(count);
  const orgs = orgsOf();
  let n = 0;
  for (const [s, e, asn, org] of rows(text)) {
    starts[n] = Number(s);
    ends[n] = Number(e);
    asns[n] = Number(asn);
    orgIndex[n] = orgs.index(parseOrg(org));
    n++;
  }
  return {
    starts: starts.subarray(0, n),
    ends: ends.subarray(0, n),
    asns: asns.subarray(0, n),
    orgIndex: orgIndex.subarray(0, n),
    orgs: orgs.list,
  };
}

export async function loadAsnV6(path: string): Promise<AsnTable<bigint>> {
  const text = await readFile(path, 'utf8');
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const asnList: number[] = [];
  const orgList: number[] = [];
  const orgs = orgsOf();
  for (const [s, e, asn, org] of rows(text)) {
    starts.push(BigInt(s));
    ends.push(BigInt(e));
    asnList.push(Number(asn));
    orgList.push(orgs.index(parseOrg(org)));
  }
  return { starts, ends, asns: Uint32Array.from(asnList), orgIndex: Uint32Array.from(orgList), orgs: orgs.list };
}

/** The row whose [start, end] contains the value, or -1. */
export function findRange<N extends number | bigint>(table: AsnTable<N>, value: N): number {
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((table.starts[mid] as N) <= value) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && value <= (table.ends[hi] as N) ? hi : -1;
}
