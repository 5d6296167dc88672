import { describe, expect, it } from 'vitest';
import type { Token } from '@tokenwatch/schema';
import { DEFAULT_POLICY } from '@tokenwatch/policy';
import { alertId, applyFinding, policyFindings } from './index';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const token: Token = {
  token_id: 'tok-1',
  token_name: 'export',
  owner_email: 'ann@example.com',
  source: 'tableau_cloud',
  status: 'active',
  scopes: [],
  first_seen_at: T0,
  created_at: T0,
  last_used_at: T0,
  updated_at: T0,
};

describe('policyFindings', () => {
  it('turns each violation into a finding with detector policy_<rule>, explanation and evidence', () => {
    const found = policyFindings(token, T0 + 100 * DAY, DEFAULT_POLICY);
    expect(found.map((f) => f.detector).sort()).toEqual(['policy_idle', 'policy_max_age', 'policy_no_expiry']);
    const idle = found.find((f) => f.detector === 'policy_idle')!;
    expect(idle.explanation).toMatch(/"export" \(tok-1\) of ann@example.com .*unused for 100 days.*limit 15/);
    expect(idle.evidence.values).toMatchObject({ rule: 'idle', value: 100, last_used_at: T0 });
    expect(idle.evidence.baseline).toMatchObject({ threshold: 15, violation_since: T0 + 16 * DAY });
    expect(
      policyFindings({ ...token, source: 'github', expires_at: T0 + 60 * DAY }, T0 + 10 * DAY, DEFAULT_POLICY),
    ).toEqual([]);
  });

  it('repeated scans of a lasting violation are one alert that does not grow', () => {
    const first = policyFindings(token, T0 + 20 * DAY, DEFAULT_POLICY).find((f) => f.detector === 'policy_idle')!;
    const again = policyFindings(token, T0 + 21 * DAY, DEFAULT_POLICY).find((f) => f.detector === 'policy_idle')!;
    expect(alertId(again.detector, again.token_id, again.key)).toBe(alertId(first.detector, first.token_id, first.key));
    const created = applyFinding(undefined, first, T0 + 20 * DAY);
    expect(created.action).toBe('created');
    expect(applyFinding(created.alert, again, T0 + 21 * DAY).action).toBe('duplicate');
    // Used again and idle again: a new alert.
    const next = policyFindings({ ...token, last_used_at: T0 + 30 * DAY }, T0 + 50 * DAY, DEFAULT_POLICY).find(
      (f) => f.detector === 'policy_idle',
    )!;
    expect(alertId(next.detector, next.token_id, next.key)).not.toBe(created.alert.alert_id);
  });
});
