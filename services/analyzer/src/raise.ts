import type { Alert, AlertAuditEntry } from '@tokenwatch/schema';
import { alertId, applyFinding, suppressionMatches, type Finding } from '@tokenwatch/detectors';
import type { AlertStore, SuppressionStore } from '@tokenwatch/store';

export interface RaiseDeps {
  alerts: AlertStore;
  suppressions: SuppressionStore;
  now: () => number;
  /** Publishes created / repeated alerts (to `token-alerts`); called before they are stored. */
  publish?: (alerts: readonly Alert[]) => Promise<void>;
}

export interface RaiseCounts {
  findings: number;
  suppressed: number;
  created: number;
  repeated: number;
}

/**
 * Turns the findings of a scheduled check (policy, per-IP failure scan) into alerts exactly as the event path
 * does: deterministic ids, repeats grouped into the stored alert, suppressions honoured, published then stored
 * with the audit trail. Alerts are read fresh from the store, so a person's triage since the last scan is kept.
 * Suppressions are judged at the scan's clock (a violation that began before a suppression expired is still
 * reported once it has expired).
 */
export async function raiseFindings(findings: readonly Finding[], deps: RaiseDeps): Promise<RaiseCounts> {
  const counts: RaiseCounts = { findings: findings.length, suppressed: 0, created: 0, repeated: 0 };
  if (findings.length === 0) return counts;
  const now = deps.now();
  const suppressions = await deps.suppressions.listSuppressions({ activeAt: now });
  const live = findings.filter((f) => {
    const suppressed = suppressions.some((s) => suppressionMatches(s, f, now));
    if (suppressed) counts.suppressed++;
    return !suppressed;
  });
  const ids = live.map((f) => alertId(f.detector, f.token_id, f.key));
  const known = new Map<string, Alert>();
  for (const a of await deps.alerts.getAlerts([...new Set(ids)])) known.set(a.alert_id, a);
  const changed = new Map<string, Alert>();
  const audit: AlertAuditEntry[] = [];
  live.forEach((finding, i) => {
    const outcome = applyFinding(known.get(ids[i]!), finding, now);
    if (outcome.action === 'duplicate') return;
    if (outcome.action === 'created') counts.created++;
    else counts.repeated++;
    known.set(outcome.alert.alert_id, outcome.alert);
    changed.set(outcome.alert.alert_id, outcome.alert);
    audit.push(outcome.audit);
  });
  if (changed.size > 0) {
    const alerts = [...changed.values()];
    await deps.publish?.(alerts);
    await deps.alerts.putAlerts(alerts);
    await deps.alerts.appendAudit(audit);
  }
  return counts;
}
