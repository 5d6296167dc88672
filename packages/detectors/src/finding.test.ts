import { describe, expect, it } from 'vitest';
import type { Suppression } from '@tokenwatch/schema';
import { T0, alertId, applyFinding, findSuppression, suppressionMatches, type Finding } from './index';

const finding = (over: Partial<Finding> = {}): Finding => ({
  detector: 'new_ip',
  token_id: 'tok-1',
  key: 'net:203.0.113.0/24',
  severity: 'medium',
  title: 't',
  explanation: 'e',
  evidence: { event_ids: ['e1'], values: {} },
  at: T0,
  event_id: 'e1',
  ip: '203.0.113.7',
  user_agent: 'python-requests/2.31',
  ...over,
});

describe('alert ids and grouping', () => {
  it('the id depends only on detector, token and key', () => {
    expect(alertId('new_ip', 'tok-1', 'k')).toBe(alertId('new_ip', 'tok-1', 'k'));
    expect(alertId('new_ip', 'tok-1', 'k')).toMatch(/^new_ip:[0-9a-f]{24}$/);
    expect(alertId('new_ip', 'tok-2', 'k')).not.toBe(alertId('new_ip', 'tok-1', 'k'));
    expect(alertId('concurrent_use', 'tok-1', 'k')).not.toBe(alertId('new_ip', 'tok-1', 'k'));
  });

  it('creates, repeats, ignores what was already counted, and reopens a resolved alert', () => {
    const created = applyFinding(undefined, finding(), 1000);
    expect(created.action).toBe('created');
    const repeated = applyFinding(created.alert, finding({ at: T0 + 5, event_id: 'e2', severity: 'high' }), 2000);
    expect(repeated).toMatchObject({ action: 'repeated', alert: { count: 2, last_seen_at: T0 + 5, severity: 'high' } });
    expect(repeated.alert.evidence.event_ids).toEqual(['e1', 'e2']);
    expect(applyFinding(repeated.alert, finding({ at: T0 + 5, event_id: 'e2' }), 3000).action).toBe('duplicate');
    expect(applyFinding(repeated.alert, finding({ at: T0 + 1, event_id: 'e0' }), 3000).action).toBe('duplicate');
    const reopened = applyFinding(
      { ...repeated.alert, status: 'resolved' },
      finding({ at: T0 + 9, event_id: 'e3' }),
      4000,
    );
    expect(reopened).toMatchObject({ action: 'reopened', alert: { status: 'open', count: 3 } });
    const fp = applyFinding(
      { ...repeated.alert, status: 'false_positive' },
      finding({ at: T0 + 9, event_id: 'e3' }),
      4000,
    );
    expect(fp).toMatchObject({ action: 'repeated', alert: { status: 'false_positive' } });
  });
});

describe('suppressions', () => {
  const s = (over: Partial<Suppression>): Suppression => ({
    suppression_id: 's1',
    reason: 'office VPN',
    author: 'alice',
    created_at: T0 - 1000,
    ...over,
  });

  it('matches on every field it gives', () => {
    expect(suppressionMatches(s({ token_id: 'tok-1' }), finding())).toBe(true);
    expect(suppressionMatches(s({ token_id: 'tok-2' }), finding())).toBe(false);
    expect(suppressionMatches(s({ detector: 'new_ip' }), finding())).toBe(true);
    expect(suppressionMatches(s({ detector: 'new_ip', token_id: 'tok-2' }), finding())).toBe(false);
    expect(suppressionMatches(s({ cidr: '203.0.113.0/24' }), finding())).toBe(true);
    expect(suppressionMatches(s({ cidr: '203.0.112.0/24' }), finding())).toBe(false);
    expect(suppressionMatches(s({ cidr: '2001:db8::/32' }), finding({ ip: '2001:db8:1::5' }))).toBe(true);
    expect(suppressionMatches(s({ cidr: '203.0.113.0/24' }), finding({ ip: undefined }))).toBe(false);
    expect(suppressionMatches(s({ user_agent: 'Python-Requests' }), finding())).toBe(true);
    expect(suppressionMatches(s({ user_agent: 'curl' }), finding())).toBe(false);
  });

  it('stops matching when it expires', () => {
    expect(suppressionMatches(s({ token_id: 'tok-1', expires_at: T0 + 1 }), finding())).toBe(true);
    expect(suppressionMatches(s({ token_id: 'tok-1', expires_at: T0 }), finding())).toBe(false);
    expect(
      findSuppression([s({ token_id: 'tok-2' }), s({ suppression_id: 's2', detector: 'new_ip' })], finding())
        ?.suppression_id,
    ).toBe('s2');
  });
});
