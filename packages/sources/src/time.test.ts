import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTime, parseUtcIsoFast } from './time';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The general path: what parseTime did before the fast path existed (the fast path is skipped by a leading space). */
const general = (text: string) => {
  try {
    return parseTime(' ' + text, 'at');
  } catch (error) {
    return (error as Error).message;
  }
};

describe('parseUtcIsoFast', () => {
  it('agrees with the general parser on every UTC ISO text it accepts, and leaves the rest to it', () => {
    const isoLike = fc
      .record({
        year: fc.integer({ min: 0, max: 9999 }),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.integer({ min: 0, max: 60 }),
        second: fc.integer({ min: 0, max: 61 }),
        fraction: fc.option(fc.stringMatching(/^[0-9]{0,9}$/)),
        zone: fc.constantFrom('Z', 'z', '+00:00', ''),
      })
      .map(
        (t) =>
          `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:` +
          `${pad(t.second, 2)}${t.fraction === null ? '' : '.' + t.fraction}${t.zone}`,
      );
    fc.assert(
      fc.property(fc.oneof(isoLike, fc.string()), (text) => {
        const fast = parseUtcIsoFast(text);
        if (fast !== undefined) expect(fast).toBe(general(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the common shapes, and parseTime gives the same instant either way', () => {
    for (const text of ['2026-03-02T18:04:05Z', '2026-03-02T18:04:05.1Z', '2026-03-02T18:04:05.123456789Z']) {
      expect(parseUtcIsoFast(text)).toBeTypeOf('number');
      expect(parseTime(text, 'at')).toBe(general(text));
    }
    expect(parseUtcIsoFast('2026-03-02T18:04:05.123Z')).toBe(Date.UTC(2026, 2, 2, 18, 4, 5, 123));
    expect(parseUtcIsoFast('2024-02-30T00:00:00Z')).toBe(Date.parse('2024-03-01T00:00:00Z'));
  });

  it('leaves to the general path what it must explain or cannot read plainly', () => {
    for (const text of [
      '2026-03-02T18:04:05+01:00',
      '2026-03-02 18:04:05Z',
      '2026-03-02T18:04:05.Z',
      '1980-01-01T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '0099-01-01T00:00:00Z',
      '２０２６-03-02T18:04:05Z',
    ]) {
      expect(parseUtcIsoFast(text), text).toBeUndefined();
    }
    expect(() => parseTime('1980-01-01T00:00:00Z', 'at')).toThrow(/before 1990/);
  });
});
