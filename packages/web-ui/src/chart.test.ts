import { describe, expect, it } from 'vitest';
import { niceStep, usageChart } from './chart';

const HOUR = 3_600_000;
const from = Date.UTC(2026, 2, 1);

describe('usageChart', () => {
  it('draws one stacked bar per non-empty bucket at its place in the range', () => {
    const svg = usageChart(
      [
        { start: from + 2 * HOUR, events: 10, failures: 4 },
        { start: from + 5 * HOUR, events: 20, failures: 0 },
      ],
      { bucketMs: HOUR, from, to: from + 10 * HOUR, title: 'Events per hour', width: 1040, height: 220 },
    ).text;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<g class="bar"/g)).toHaveLength(2);
    expect(svg.replace(/\s+/g, ' ')).toContain('Events per hour — 30 events, 4 failed');
    // Plot width 1040 − 52 = 988 over 10 buckets: bucket 2 starts at 44 + 197.6, bucket 5 at 44 + 494.
    expect(svg).toContain('x="241.6"');
    expect(svg).toContain('x="538.0"');
    // The y axis tops out at a round number above the largest bar.
    expect(svg).toMatch(/>\s*20\s*<\/text/);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws an empty range without bars and without NaN', () => {
    const svg = usageChart([], { bucketMs: HOUR, from, to: from + 24 * HOUR, title: 'x' }).text;
    expect(svg).not.toContain('class="bar"');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('escapes the title', () => {
    expect(usageChart([], { bucketMs: HOUR, from, to: from + HOUR, title: '<b>' }).text).not.toContain('<b>');
  });
});

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(0)).toBe(1);
    expect(niceStep(3)).toBe(1);
    expect(niceStep(10)).toBe(5);
    expect(niceStep(37)).toBe(10);
    expect(niceStep(1234)).toBe(500);
  });
});
