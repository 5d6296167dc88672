import type { DetectorId, Severity, Token } from '@tokenwatch/schema';
import { evaluateTokenPolicy, type PolicySettings, type ViolationRule } from '@tokenwatch/policy';
import { isoTime } from './context';
import type { Finding } from './finding';

const RULES: Record<ViolationRule, { detector: DetectorId; severity: Severity; title: string; action: string }> = {
  max_age: {
    detector: 'policy_max_age',
    severity: 'medium',
    title: 'Token older than the maximum age',
    action: 'rotate it',
  },
  no_expiry: {
    detector: 'policy_no_expiry',
    severity: 'low',
    title: 'Token without a known expiry',
    action: 'check its expiry (an inventory snapshot records it) and replace it if it has none',
  },
  expiring_soon: {
    detector: 'policy_expiring_soon',
    severity: 'low',
    title: 'Token expires soon',
    action: 'rotate it before whatever depends on it breaks',
  },
  idle: {
    detector: 'policy_idle',
    severity: 'medium',
    title: 'Token idle past the platform idle expiry',
    action: 'revoke it: the platform should already have expired it',
  },
  owner_removed: {
    detector: 'policy_owner_removed',
    severity: 'high',
    title: 'Token of a removed owner',
    action: 'revoke it now and check how it outlived its owner',
  },
};

/** The token's policy violations as findings (detector `policy_<rule>`), for the analyzer's scheduled checks. */
export function policyFindings(token: Token, now: number, policy: PolicySettings, ownerRemovedAt?: number): Finding[] {
  const label = token.token_name ? `"${token.token_name}" (${token.token_id})` : token.token_id;
  const owner = token.owner_email ?? token.owner_id;
  return evaluateTokenPolicy(token, now, policy, ownerRemovedAt).map((v) => {
    const rule = RULES[v.rule];
    return {
      detector: rule.detector,
      token_id: token.token_id,
      // One alert per violation episode: a token used again and idle again, or given a new expiry, is a new one.
      key: `${v.rule}@${v.anchor}`,
      severity: rule.severity,
      title: rule.title,
      explanation:
        `Token ${label}${owner ? ` of ${owner}` : ''} breaks the ${v.rule} policy as of ${isoTime(now)}: ` +
        `${v.detail}${v.threshold !== null ? ` (limit ${v.threshold})` : ''}; ${rule.action}.`,
      evidence: {
        event_ids: [],
        values: {
          rule: v.rule,
          value: v.value,
          evaluated_at: now,
          created_at: token.created_at ?? null,
          first_seen_at: token.first_seen_at,
          expires_at: token.expires_at ?? null,
          last_used_at: token.last_used_at ?? null,
          revoked_at: token.revoked_at ?? null,
          ...(ownerRemovedAt !== undefined ? { owner_removed_at: ownerRemovedAt } : {}),
        },
        baseline: { threshold: v.threshold, violation_since: v.since },
      },
      at: v.since,
      event_id: '',
      source: token.source,
    };
  });
}
