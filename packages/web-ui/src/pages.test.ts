import { describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/schema';
import { alertDetailBody, alertListBody, totalPoints } from './pages';

const hostile = '<img src=x onerror=alert(1)>';
const alert: Alert = {
  alert_id: 'new_ip:tok-1:2026-03-01',
  detector: 'new_ip',
  severity: 'high',
  status: 'open',
  token_id: 'tableau_cloud:tok-1',
  ip: '203.0.113.7',
  user_agent: hostile,
  title: `token used from a new network ${hostile}`,
  explanation: `token X used from 203.0.113.7 (AS64500, NL): first time in 30 days ${hostile}`,
  evidence: {
    event_ids: ['e1', 'e2'],
    values: { ip: '203.0.113.7', note: hostile },
    baseline: { ips: ['198.51.100.4'] },
  },
  first_seen_at: Date.UTC(2026, 2, 1),
  last_seen_at: Date.UTC(2026, 2, 1, 1),
  count: 3,
  created_at: Date.UTC(2026, 2, 1),
  updated_at: Date.UTC(2026, 2, 1, 1),
};

describe('alert pages', () => {
  it('never emit attacker-controlled markup', () => {
    const list = alertListBody(
      '/ui',
      { items: [alert], next_cursor: null },
      { status: [], severity: [], detector: [] },
      true,
    );
    const detail = alertDetailBody('/ui', alert, [], true);
    for (const page of [list.text, detail.text]) {
      expect(page).not.toContain('<img');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('offer acknowledge on an open alert and reopen, not resolve, on a closed one', () => {
    const open = alertDetailBody('/ui', alert, [], true).text;
    expect(open).toContain('action="/ui/alerts/new_ip%3Atok-1%3A2026-03-01/acknowledge"');
    expect(open).not.toContain('/reopen"');
    const closed = alertDetailBody('/ui', { ...alert, status: 'false_positive' }, [], true).text;
    expect(closed).not.toContain('/acknowledge"');
    expect(closed).not.toContain('/resolve"');
    expect(closed).toContain('/reopen"');
  });

  it('show the evidence, baseline and audit trail', () => {
    const detail = alertDetailBody(
      '/ui',
      alert,
      [
        {
          alert_id: alert.alert_id,
          at: alert.created_at,
          actor: 'ana@example.com',
          action: 'acknowledged',
          from_status: 'open',
          to_status: 'acknowledged',
        },
      ],
      true,
    ).text;
    expect(detail).toContain('198.51.100.4');
    expect(detail).toContain('e1, e2');
    expect(detail).toContain('ana@example.com');
    expect(detail).toContain('open → acknowledged');
  });
});

describe('totalPoints', () => {
  it('sums the series of a usage answer per bucket, in time order', () => {
    const usage = {
      by: 'ip',
      interval: 'hour' as const,
      from: 0,
      to: 10,
      series: [
        { key: 'a', events: 3, failures: 1, points: [{ start: 2, events: 3, failures: 1 }] },
        {
          key: 'b',
          events: 5,
          failures: 0,
          points: [
            { start: 1, events: 1, failures: 0 },
            { start: 2, events: 4, failures: 0 },
          ],
        },
      ],
    };
    expect(totalPoints(usage)).toEqual([
      { start: 1, events: 1, failures: 0 },
      { start: 2, events: 7, failures: 1 },
    ]);
  });
});
