import { reject } from './read';

const MIN_MS = 631152000000; // 1990-01-01, as EpochMs
const MAX_MS = 7258118400000; // 2200-01-01
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;
const DIGITS = /^\d{12,14}$/;

/**
 * Vendor time → epoch ms. Accepts ISO-8601 (zone-less means UTC, any number of fraction digits), epoch ms as a
 * number or digit string. Rejects, naming the field, anything else — including epoch seconds, which would
 * otherwise silently land in 1970.
 */
export function parseTime(value: unknown, path: string): number {
  if (typeof value === 'string') {
    const fast = parseUtcIsoFast(value);
    if (fast !== undefined) return fast;
  }
  return parseTimeGeneral(value, path);
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
const two = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

/**
 * The shape almost every vendor sends — `YYYY-MM-DDThh:mm:ss[.fraction]Z` — read without a regular expression or a
 * second Date.parse of rebuilt text (the regex route cost ~5% of ingest CPU). Anything else, or any field outside
 * its plain range, returns undefined and takes the general path, which also says why a value is refused. For what
 * it accepts it returns exactly what `parseTimeGeneral` returns (a property test holds the two together).
 */
export function parseUtcIsoFast(text: string): number | undefined {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return undefined;
  for (const at of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
    const d = digit(text, at);
    if (d < 0 || d > 9) return undefined;
  }
  let ms = 0;
  if (length > 20) {
    if (text[19] !== '.' || length === 21) return undefined;
    for (let at = 20; at < length - 1; at++) {
      const d = digit(text, at);
      if (d < 0 || d > 9) return undefined;
      if (at < 23) ms += d * [100, 10, 1][at - 20]!;
    }
  }
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  // Years below 1000 would meet Date.UTC's two-digit-year rule; their range check belongs to the general path.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const result = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return result < MIN_MS || result > MAX_MS ? undefined : result;
}

function parseTimeGeneral(value: unknown, path: string): number {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) reject(path, 'time is not a finite number');
    ms = Math.trunc(value);
  } else if (typeof value === 'string') {
    const t = value.trim();
    if (DIGITS.test(t)) ms = Number(t);
    else {
      const m = ISO.exec(t);
      if (!m) reject(path, `not an ISO-8601 date-time or epoch milliseconds: ${JSON.stringify(t.slice(0, 40))}`);
      const fraction = m[3] ? '.' + m[3].slice(0, 3).padEnd(3, '0') : '';
      let zone = (m[4] ?? 'Z').toUpperCase();
      if (zone !== 'Z' && !zone.includes(':')) zone = zone.slice(0, 3) + ':' + zone.slice(3);
      const clock = m[2]!.length === 5 ? m[2] + ':00' : m[2];
      ms = Date.parse(`${m[1]}T${clock}${fraction}${zone}`);
      if (Number.isNaN(ms)) reject(path, `not a valid date-time: ${JSON.stringify(t.slice(0, 40))}`);
    }
  } else if (value === undefined || value === null) {
    reject(path, 'required time is missing');
  } else {
    reject(path, `expected a time (ISO-8601 or epoch ms), got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  if (ms < MIN_MS) reject(path, 'time before 1990: probably epoch seconds instead of milliseconds');
  if (ms > MAX_MS) reject(path, 'time after 2200');
  return ms;
}

export function optionalTime(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return parseTime(value, path);
}
