import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, T0, byTime, detectorSettings, replay, spread, tokenEvent } from './index';
import type { TokenEvent } from '@tokenwatch/schema';

const run = (events: TokenEvent[], overrides: object = {}) =>
  replay(byTime(events), { settings: detectorSettings(overrides), now: () => T0 }).alerts;
/** A token used from office IPs every hour for `days` days. */
const routine = (days: number, ip = '198.51.100.10', extra: Partial<TokenEvent> = {}) =>
  spread(days * 24, T0, days * DAY, { ip, user_agent: 'tabcmd/2024.1', asn: 64500, country: 'NL', ...extra });

describe('new_ip', () => {
  it('cold start: new IPs during the learning period are learned, not alerted', () => {
    const events = [
      ...routine(3),
      tokenEvent({ at: T0 + 2 * DAY, ip: '203.0.113.5' }),
      tokenEvent({ at: T0 + 3 * DAY, ip: '192.0.2.77' }),
    ];
    expect(run(events).filter((a) => a.detector === 'new_ip')).toEqual([]);
  });

  it('after learning, a new network raises one medium alert that names the known networks', () => {
    const late = T0 + 8 * DAY;
    const alerts = run([
      ...routine(8),
      tokenEvent({ at: late, ip: '203.0.113.7', event_id: 'new-1' }),
      tokenEvent({ at: late + HOUR, ip: '203.0.113.9' }),
    ]).filter((a) => a.detector === 'new_ip');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'medium', ip: '203.0.113.7', count: 1, status: 'open' });
    expect(alerts[0]!.explanation).toContain('203.0.113.0/24');
    expect(alerts[0]!.explanation).toContain('198.51.100.0/24');
    expect(alerts[0]!.evidence.event_ids).toEqual(['new-1']);
  });

  it('a legitimate single IP change alerts once (new_ip), not as concurrent use or travel', () => {
    const moved = spread(48, T0 + 8 * DAY, 2 * DAY, { ip: '192.0.2.20', asn: 64500, country: 'NL' });
    const alerts = run([...routine(8), ...moved]);
    expect(alerts.map((a) => a.detector)).toEqual(['new_ip']);
  });

  it('a network not seen within the history window is forgotten and new again', () => {
    const events = [
      ...routine(8),
      tokenEvent({ at: T0 + 8 * DAY, ip: '203.0.113.7' }),
      ...routine(40, '198.51.100.10').map((e) => ({
        ...e,
        occurred_at: e.occurred_at + 9 * DAY,
        event_id: e.event_id + 'b',
      })),
      tokenEvent({ at: T0 + 50 * DAY, ip: '203.0.113.7' }),
    ];
    const alerts = run(events).filter((a) => a.detector === 'new_ip');
    expect(alerts.map((a) => a.first_seen_at)).toEqual([T0 + 8 * DAY]);
    // Same network again after 42 days: the alert id is the same (same network), so it groups as a repeat.
    expect(alerts[0]!.count).toBe(2);
  });

  it('granularity: prefix treats one /24 as one network, ip does not', () => {
    const events = [...routine(8), tokenEvent({ at: T0 + 8 * DAY + MIN, ip: '198.51.100.200' })];
    expect(run(events).filter((a) => a.detector === 'new_ip')).toHaveLength(0);
    expect(run(events, { newIpGranularity: 'ip' }).filter((a) => a.detector === 'new_ip')).toHaveLength(1);
  });

  it('failed sign-ins from a new IP are not new_ip (auth_failure_burst covers them)', () => {
    const events = [
      ...routine(8),
      tokenEvent({ at: T0 + 8 * DAY, ip: '203.0.113.7', kind: 'token.auth_failed', outcome: 'failure' }),
    ];
    expect(run(events).filter((a) => a.detector === 'new_ip')).toHaveLength(0);
  });
});

describe('new_asn_country and new_user_agent', () => {
  it('a new country is high, a new ASN in a known country is medium, known ones are silent', () => {
    const at = T0 + 8 * DAY;
    const alerts = run([
      ...routine(8),
      tokenEvent({ at, ip: '198.51.100.10', asn: 64500, country: 'NL' }),
      tokenEvent({ at: at + HOUR, ip: '198.51.100.10', asn: 64501, country: 'NL' }),
      tokenEvent({ at: at + 2 * HOUR, ip: '198.51.100.10', asn: 64502, country: 'BR' }),
    ]).filter((a) => a.detector === 'new_asn_country');
    expect(alerts.map((a) => [a.severity, a.title])).toEqual([
      ['medium', 'Token used from a new ASN: AS64501'],
      ['high', 'Token used from a new country: BR'],
    ]);
  });

  it('a new user agent is low; the routine one is not reported', () => {
    const alerts = run([
      ...routine(8),
      tokenEvent({
        at: T0 + 8 * DAY,
        ip: '198.51.100.10',
        user_agent: 'python-requests/2.31',
        asn: 64500,
        country: 'NL',
      }),
    ]);
    expect(alerts.map((a) => [a.detector, a.severity])).toEqual([['new_user_agent', 'low']]);
    expect(alerts[0]!.explanation).toContain('python-requests/2.31');
  });
});
