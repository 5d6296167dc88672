import { describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/schema';
import { applyTriage, networkCidr, suggestSuppressions } from './index';

const T0 = Date.UTC(2026, 0, 1);
const alert = (over: Partial<Alert> = {}): Alert => ({
  alert_id: 'a1',
  detector: 'new_ip',
  severity: 'medium',
  status: 'open',
  token_id: 'tok',
  ip: '203.0.113.7',
  title: 't',
  explanation: 'e',
  evidence: { event_ids: [], values: {} },
  first_seen_at: T0,
  last_seen_at: T0,
  count: 1,
  created_at: T0,
  updated_at: T0,
  ...over,
});

describe('applyTriage', () => {
  it('walks open → acknowledged → resolved and records who, when, from and to', () => {
    const ack = applyTriage(alert(), { kind: 'acknowledge', note: 'looking' }, 'alice', T0 + 1);
    expect(ack).toMatchObject({
      ok: true,
      alert: { status: 'acknowledged', updated_at: T0 + 1 },
      entry: {
        alert_id: 'a1',
        at: T0 + 1,
        actor: 'alice',
        action: 'acknowledged',
        from_status: 'open',
        to_status: 'acknowledged',
        note: 'looking',
      },
    });
    if (!ack.ok) throw new Error('unreachable');
    const resolved = applyTriage(ack.alert, { kind: 'resolve' }, 'bob', T0 + 2);
    expect(resolved).toMatchObject({
      ok: true,
      alert: { status: 'resolved' },
      entry: { action: 'resolved', from_status: 'acknowledged' },
    });
  });

  it.each([
    ['acknowledge', 'acknowledged'],
    ['acknowledge', 'resolved'],
    ['resolve', 'resolved'],
    ['false_positive', 'false_positive'],
    ['reopen', 'open'],
  ] as const)('refuses %s from %s', (kind, status) => {
    const outcome = applyTriage(alert({ status }), { kind }, 'alice', T0);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(/cannot/);
  });

  it('reopens a false positive, assigns, unassigns and comments without changing status', () => {
    const reopened = applyTriage(alert({ status: 'false_positive' }), { kind: 'reopen' }, 'a', T0);
    expect(reopened).toMatchObject({
      ok: true,
      alert: { status: 'open' },
      entry: { action: 'reopened', to_status: 'open' },
    });
    const assigned = applyTriage(alert(), { kind: 'assign', assignee: 'carol' }, 'a', T0);
    expect(assigned).toMatchObject({
      ok: true,
      alert: { assignee: 'carol', status: 'open' },
      entry: { note: 'assigned to carol' },
    });
    const unassigned = applyTriage(alert({ assignee: 'carol' }), { kind: 'assign', assignee: null }, 'a', T0);
    expect(unassigned.ok && 'assignee' in unassigned.alert).toBe(false);
    const comment = applyTriage(alert(), { kind: 'comment', note: 'hi' }, 'a', T0);
    expect(comment).toMatchObject({ ok: true, alert: { status: 'open' }, entry: { action: 'commented', note: 'hi' } });
  });
});

describe('suggestSuppressions', () => {
  it('suggests one suppression per token and network closed as false positive at least twice', () => {
    const alerts = [
      alert({ alert_id: 'f1', status: 'false_positive', ip: '203.0.113.7' }),
      alert({ alert_id: 'f2', status: 'false_positive', ip: '203.0.113.99', count: 3 }),
      alert({ alert_id: 'o1', status: 'open', ip: '203.0.113.50' }),
      alert({ alert_id: 'x1', status: 'open', ip: '203.0.113.50', detector: 'volume_spike' }),
      alert({ alert_id: 'f3', status: 'false_positive', ip: '198.51.100.1' }),
      alert({ alert_id: 'f4', status: 'false_positive', token_id: 'other', ip: '203.0.113.7' }),
    ];
    expect(suggestSuppressions(alerts)).toEqual([
      expect.objectContaining({
        token_id: 'tok',
        cidr: '203.0.113.0/24',
        detectors: ['new_ip'],
        false_positives: 2,
        would_have_prevented: 3,
        occurrences: 5,
        alert_ids: ['f1', 'f2'],
      }),
    ]);
  });

  it('derives /24 and /64 networks and ignores non-IPs', () => {
    expect(networkCidr('10.1.2.3')).toBe('10.1.2.0/24');
    expect(networkCidr('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(networkCidr('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkCidr('nope')).toBeUndefined();
  });
});
