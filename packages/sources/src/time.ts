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
