import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import { DAY, HOUR, MIN, T0, byTime, detectorSettings, replay, spread, tokenEvent } from './index';

const settings = detectorSettings();
const run = (events: TokenEvent[]) =>
  replay(byTime(events), { settings, now: () => T0 }).alerts.filter((a) => a.detector === 'auth_failure_burst');
const base = T0 + 3 * DAY;
const failures = (n: number, span: number, ipOf: (i: number) => string) =>
  Array.from({ length: n }, (_, i) =>
    tokenEvent({ at: base + Math.floor((i * span) / n), ip: ipOf(i), kind: 'token.auth_failed', outcome: 'failure' }),
  );
const history = () => spread(72, T0, 3 * DAY, { ip: '198.51.100.10' });

describe('auth_failure_burst', () => {
  it('below threshold: 9 failures in 5 minutes from 9 IPs raise nothing', () => {
    expect(run([...history(), ...failures(9, 4 * MIN, (i) => `203.0.113.${i + 1}`)])).toEqual([]);
  });

  it('at threshold: 10 failures in 5 minutes raise one high alert for the token', () => {
    const alerts = run([...history(), ...failures(10, 4 * MIN, (i) => `203.0.113.${i + 1}`)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'high', count: 1 });
    expect(alerts[0]!.evidence.event_ids).toHaveLength(10);
    expect(alerts[0]!.explanation).toContain('10 failed authentications within 5 minutes');
  });

  it('a continuing burst repeats the same alert instead of raising new ones', () => {
    const alerts = run([...history(), ...failures(15, 4 * MIN, (i) => `203.0.113.${i + 1}`)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.count).toBe(6);
  });

  it('the same failures spread over two hours are no burst', () => {
    expect(run([...history(), ...failures(30, 2 * HOUR, (i) => `203.0.113.${i + 1}`)])).toEqual([]);
  });

  it('per IP: 4 failures from one IP are fine, 5 raise an alert about that IP', () => {
    expect(run([...history(), ...failures(4, 2 * MIN, () => '203.0.113.66')])).toEqual([]);
    const alerts = run([...history(), ...failures(5, 2 * MIN, () => '203.0.113.66')]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      ip: '203.0.113.66',
      title: '5 failed authentications from 203.0.113.66 in 5 min',
    });
  });
});
