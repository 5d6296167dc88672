import { createHash } from 'node:crypto';
import type { Alert, AlertAuditEntry, DetectorId, Evidence, Severity, Source, Suppression } from '@tokenwatch/schema';
import { cidrContains, parseCidr } from './network';

/** What a detector reports for one event. The analyzer turns findings into alerts (`applyFinding`). */
export interface Finding {
  detector: DetectorId;
  token_id: string;
  /**
   * What makes two findings the same alert: the new network, the revocation time, the start of a burst episode,
   * the hour of a spike. Together with detector and token it determines the alert id.
   */
  key: string;
  severity: Severity;
  title: string;
  /** One sentence a person can act on. */
  explanation: string;
  evidence: Evidence;
  /** Event time of the event that triggered the finding. */
  at: number;
  event_id: string;
  source?: Source;
  ip?: string;
  user_agent?: string;
}

/** Deterministic: the same detector, token and key always give the same id, on any instance, after a restart. */
export function alertId(detector: DetectorId, tokenId: string, key: string): string {
  const digest = createHash('sha256').update(`${detector}\n${tokenId}\n${key}`).digest('hex').slice(0, 24);
  return `${detector}:${digest}`;
}

export type FindingOutcome =
  | { action: 'created' | 'repeated' | 'reopened'; alert: Alert; audit: AlertAuditEntry }
  | { action: 'duplicate'; alert: Alert };

const MAX_EVIDENCE_EVENTS = 100;

/**
 * Folds a finding into the alert it belongs to. A finding whose event time is not after the alert's
 * `last_seen_at` is taken as already counted — this is what makes a restart, a redelivered batch or a replay of
 * stored events leave the alert as it was (idempotence). A repeat bumps count and last_seen_at; a repeat of a
 * resolved alert reopens it; acknowledged and false_positive alerts keep their status.
 */
export function applyFinding(existing: Alert | undefined, finding: Finding, now: number): FindingOutcome {
  const id = alertId(finding.detector, finding.token_id, finding.key);
  if (!existing) {
    const alert: Alert = {
      alert_id: id,
      detector: finding.detector,
      severity: finding.severity,
      status: 'open',
      token_id: finding.token_id,
      ...(finding.source ? { source: finding.source } : {}),
      ...(finding.ip ? { ip: finding.ip } : {}),
      ...(finding.user_agent ? { user_agent: finding.user_agent.slice(0, 2048) } : {}),
      title: finding.title.slice(0, 512),
      explanation: finding.explanation.slice(0, 4096),
      evidence: { ...finding.evidence, event_ids: finding.evidence.event_ids.slice(0, MAX_EVIDENCE_EVENTS) },
      first_seen_at: finding.at,
      last_seen_at: finding.at,
      count: 1,
      created_at: now,
      updated_at: now,
    };
    return { action: 'created', alert, audit: { alert_id: id, at: now, actor: 'analyzer', action: 'created' } };
  }
  if (finding.at <= existing.last_seen_at) return { action: 'duplicate', alert: existing };
  const reopen = existing.status === 'resolved';
  // Scheduled checks (policy, per-IP scans) have no triggering event.
  const eventIds =
    finding.event_id === '' || existing.evidence.event_ids.includes(finding.event_id)
      ? existing.evidence.event_ids
      : [...existing.evidence.event_ids, finding.event_id].slice(-MAX_EVIDENCE_EVENTS);
  const alert: Alert = {
    ...existing,
    status: reopen ? 'open' : existing.status,
    severity: rank(finding.severity) > rank(existing.severity) ? finding.severity : existing.severity,
    last_seen_at: finding.at,
    count: existing.count + 1,
    evidence: { ...existing.evidence, event_ids: eventIds },
    // Stores keep the version with the greatest updated_at, so it must grow even within one millisecond.
    updated_at: Math.max(now, existing.updated_at + 1),
  };
  const audit: AlertAuditEntry = reopen
    ? {
        alert_id: id,
        at: alert.updated_at,
        actor: 'analyzer',
        action: 'reopened',
        from_status: 'resolved',
        to_status: 'open',
      }
    : { alert_id: id, at: alert.updated_at, actor: 'analyzer', action: 'repeated' };
  return { action: reopen ? 'reopened' : 'repeated', alert, audit };
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
function rank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/**
 * True when the suppression covers the finding at event time `at`: every field the suppression gives must match
 * (CIDR containment for `cidr`, case-insensitive substring for `user_agent`), and it must not have expired.
 */
export function suppressionMatches(s: Suppression, finding: Finding, at: number = finding.at): boolean {
  if (s.expires_at !== undefined && at >= s.expires_at) return false;
  if (s.token_id !== undefined && s.token_id !== finding.token_id) return false;
  if (s.detector !== undefined && s.detector !== finding.detector) return false;
  if (s.cidr !== undefined) {
    const cidr = parseCidr(s.cidr);
    if (!cidr || !finding.ip || !cidrContains(cidr, finding.ip)) return false;
  }
  if (s.user_agent !== undefined) {
    if (!finding.user_agent || !finding.user_agent.toLowerCase().includes(s.user_agent.toLowerCase())) return false;
  }
  return true;
}

/** The first suppression that covers the finding, if any. */
export function findSuppression(list: readonly Suppression[], finding: Finding): Suppression | undefined {
  return list.find((s) => suppressionMatches(s, finding));
}
