import type { Token } from '@tokenwatch/schema';
import { days, toDays, type PolicySettings } from './settings';

export const VIOLATION_RULES = ['max_age', 'no_expiry', 'expiring_soon', 'idle', 'owner_removed'] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

export interface PolicyViolation {
  rule: ViolationRule;
  /** The measured value (days; hours for owner_removed) and the threshold it broke; null when not a number. */
  value: number | null;
  threshold: number | null;
  detail: string;
  /**
   * When the violation began (epoch ms): the same for every evaluation while it lasts, so the analyzer's
   * repeated scans recognise it as one alert. A new episode (used again, then idle again) has a new `since`.
   */
  since: number;
  /** What the violation is about, so a new episode is a new alert: the creation, expiry, last use or removal. */
  anchor: number;
}

const HOUR_MS = 3_600_000;

/** Creation time, else first sight. */
export const bornAt = (t: Token): number => t.created_at ?? t.first_seen_at;

/** Active at `at`: neither revoked nor expired by then, and not of unknown status. */
export function activeAt(t: Token, at: number): boolean {
  if (t.revoked_at !== undefined && t.revoked_at <= at) return false;
  if (t.expires_at !== undefined && t.expires_at <= at) return false;
  return t.status !== 'unknown';
}

/**
 * The policy rules for one token as of `at` (the report's period end, or the analyzer's clock). Pure.
 * `ownerRemovedAt`: when the token's owner was removed from the source system, if known.
 */
export function evaluateTokenPolicy(
  t: Token,
  at: number,
  policy: PolicySettings,
  ownerRemovedAt?: number,
): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const born = bornAt(t);
  const active = activeAt(t, at);
  if (active) {
    const age = toDays(at - born);
    if (age > policy.maxAgeDays)
      out.push({
        rule: 'max_age',
        value: age,
        threshold: policy.maxAgeDays,
        detail: `${age} days old`,
        since: born + days(policy.maxAgeDays + 1),
        anchor: born,
      });
    if (t.expires_at === undefined)
      out.push({
        rule: 'no_expiry',
        value: null,
        threshold: null,
        detail: 'no expiry recorded: none in its events or inventory snapshots',
        since: born,
        anchor: born,
      });
    else if (t.expires_at - at <= days(policy.expiringSoonDays)) {
      const left = toDays(t.expires_at - at);
      out.push({
        rule: 'expiring_soon',
        value: left,
        threshold: policy.expiringSoonDays,
        detail: `expires in ${left} days`,
        since: Math.max(born, t.expires_at - days(policy.expiringSoonDays)),
        anchor: t.expires_at,
      });
    }
    const idleLimit = policy.idleExpiryDays[t.source];
    if (idleLimit !== undefined) {
      const lastUse = t.last_used_at ?? born;
      const idle = toDays(at - lastUse);
      if (idle > idleLimit)
        out.push({
          rule: 'idle',
          value: idle,
          threshold: idleLimit,
          detail: `unused for ${idle} days but still active (platform idle expiry ${idleLimit} days)`,
          since: lastUse + days(idleLimit + 1),
          anchor: lastUse,
        });
    }
  }
  if (ownerRemovedAt !== undefined && ownerRemovedAt <= at) {
    const revokedAt = t.revoked_at !== undefined && t.revoked_at <= at ? t.revoked_at : undefined;
    const graceMs = policy.ownerRemovalGraceHours * HOUR_MS;
    // Within the grace period an active token is not late yet: automatic revocation may still be on its way.
    const late = active
      ? at - ownerRemovedAt > graceMs
      : revokedAt !== undefined && revokedAt - ownerRemovedAt > graceMs;
    if (late) {
      const lateHours = Math.floor(((revokedAt ?? at) - ownerRemovedAt) / HOUR_MS);
      out.push({
        rule: 'owner_removed',
        value: lateHours,
        threshold: policy.ownerRemovalGraceHours,
        detail: active
          ? `still active ${lateHours} hours after its owner was removed`
          : `revoked ${lateHours} hours after the owner was removed`,
        since: Math.max(born, ownerRemovedAt + graceMs),
        anchor: ownerRemovedAt,
      });
    }
  }
  return out;
}
