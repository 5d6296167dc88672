import { describe, expect, it } from 'vitest';
import type { Token } from '@tokenwatch/schema';
import { DEFAULT_POLICY, PolicyEnv, days, evaluateTokenPolicy, policyFromEnv, resolvePolicy } from './index';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

const token = (over: Partial<Token> = {}): Token => ({
  token_id: 'tok',
  source: 'tableau_cloud',
  status: 'active',
  scopes: [],
  first_seen_at: T0,
  created_at: T0,
  expires_at: T0 + days(180),
  last_used_at: T0,
  updated_at: T0,
  ...over,
});
const rules = (t: Token, at: number, removedAt?: number) =>
  evaluateTokenPolicy(t, at, DEFAULT_POLICY, removedAt).map((v) => v.rule);

describe('evaluateTokenPolicy (shared by the compliance report and the analyzer)', () => {
  it('max_age: 90 whole days is fine, 91 is not; the violation start does not move between evaluations', () => {
    const used = (at: number) => token({ last_used_at: at });
    expect(rules(used(T0 + days(90.9)), T0 + days(90.9))).toEqual([]);
    const a = evaluateTokenPolicy(used(T0 + days(91)), T0 + days(91), DEFAULT_POLICY);
    const b = evaluateTokenPolicy(used(T0 + days(120)), T0 + days(120), DEFAULT_POLICY);
    expect(a.map((v) => v.rule)).toEqual(['max_age']);
    expect(a[0]).toMatchObject({ value: 91, threshold: 90, since: T0 + days(91), anchor: T0 });
    expect(b.find((v) => v.rule === 'max_age')).toMatchObject({ value: 120, since: T0 + days(91), anchor: T0 });
  });

  it('no_expiry and expiring_soon', () => {
    expect(rules(token({ expires_at: undefined }), T0 + HOUR)).toEqual(['no_expiry']);
    const soon = token({ expires_at: T0 + days(20) });
    expect(rules(soon, T0 + days(5))).toEqual([]);
    const found = evaluateTokenPolicy(soon, T0 + days(7), DEFAULT_POLICY);
    expect(found).toEqual([
      expect.objectContaining({ rule: 'expiring_soon', value: 13, since: T0 + days(6), anchor: T0 + days(20) }),
    ]);
  });

  it('idle uses the per-source platform idle expiry (Tableau Cloud 15 days, Server 14, none for others)', () => {
    const at = T0 + days(15.5);
    expect(rules(token(), at)).toEqual([]);
    expect(rules(token({ source: 'tableau_server' }), at)).toEqual(['idle']);
    expect(rules(token({ source: 'github' }), T0 + days(60))).toEqual([]);
    const idle = evaluateTokenPolicy(token(), T0 + days(16), DEFAULT_POLICY)[0]!;
    expect(idle).toMatchObject({ rule: 'idle', value: 16, threshold: 15, since: T0 + days(16), anchor: T0 });
    // Used again: the next idle period is a new episode.
    const later = evaluateTokenPolicy(token({ last_used_at: T0 + days(20) }), T0 + days(40), DEFAULT_POLICY);
    expect(later.find((v) => v.rule === 'idle')?.anchor).toBe(T0 + days(20));
  });

  it('revoked, expired and unknown tokens break no rule about active tokens', () => {
    const at = T0 + days(200);
    expect(rules(token({ revoked_at: T0 + days(1), expires_at: undefined }), at)).toEqual([]);
    expect(rules(token({ expires_at: T0 + days(100) }), at)).toEqual([]);
    expect(rules(token({ status: 'unknown', expires_at: undefined }), at)).toEqual([]);
  });

  it('owner_removed: active beyond the grace period, or revoked later than the grace period', () => {
    const removed = T0 + days(2);
    expect(rules(token(), removed + 23 * HOUR, removed)).toEqual([]);
    const active = evaluateTokenPolicy(token(), removed + 30 * HOUR, DEFAULT_POLICY, removed);
    expect(active).toEqual([
      expect.objectContaining({ rule: 'owner_removed', value: 30, threshold: 24, since: removed + 24 * HOUR }),
    ]);
    expect(rules(token({ revoked_at: removed + HOUR }), removed + days(5), removed)).toEqual([]);
    const late = evaluateTokenPolicy(
      token({ revoked_at: removed + 72 * HOUR }),
      removed + days(5),
      DEFAULT_POLICY,
      removed,
    );
    expect(late).toEqual([expect.objectContaining({ rule: 'owner_removed', value: 72 })]);
  });

  it('reads the REPORT_* settings (one policy for report and analyzer)', () => {
    const env = PolicyEnv.parse({ REPORT_MAX_AGE_DAYS: '30', REPORT_IDLE_EXPIRY_DAYS: 'tableau_cloud=10,github=90' });
    expect(policyFromEnv(env)).toEqual({
      maxAgeDays: 30,
      expiringSoonDays: 14,
      idleExpiryDays: { tableau_cloud: 10, github: 90 },
      ownerRemovalGraceHours: 24,
    });
    expect(PolicyEnv.safeParse({ REPORT_IDLE_EXPIRY_DAYS: 'nowhere=3' }).success).toBe(false);
    expect(resolvePolicy({ idleExpiryDays: { github: 5 } }).idleExpiryDays).toEqual({
      tableau_cloud: 15,
      tableau_server: 14,
      github: 5,
    });
  });
});
