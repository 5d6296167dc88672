import type { Alert, AlertAuditEntry, AlertStatus } from '@tokenwatch/schema';

/** What a person can do to an alert. */
export type TriageAction =
  | { kind: 'acknowledge'; note?: string }
  | { kind: 'resolve'; note?: string }
  | { kind: 'false_positive'; note?: string }
  | { kind: 'reopen'; note?: string }
  | { kind: 'assign'; assignee: string | null; note?: string }
  | { kind: 'comment'; note: string };

/** Status changes and the statuses each may start from: open → acknowledged → resolved | false_positive. */
const TRANSITIONS = {
  acknowledge: { from: ['open'], to: 'acknowledged', audit: 'acknowledged' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved', audit: 'resolved' },
  false_positive: { from: ['open', 'acknowledged'], to: 'false_positive', audit: 'false_positive' },
  reopen: { from: ['acknowledged', 'resolved', 'false_positive'], to: 'open', audit: 'reopened' },
} as const satisfies Record<string, { from: AlertStatus[]; to: AlertStatus; audit: AlertAuditEntry['action'] }>;

export type TriageOutcome =
  | { ok: true; alert: Alert; entry: AlertAuditEntry }
  | { ok: false; reason: string; allowedFrom?: readonly AlertStatus[] };

/**
 * Applies one triage action: the changed alert and the audit entry that records who did what and when. Pure:
 * the caller stores both. A status change from a status that does not allow it is refused, not ignored, so two
 * people acting on the same alert see the conflict.
 */
export function applyTriage(alert: Alert, action: TriageAction, actor: string, now: number): TriageOutcome {
  const entry = (fields: Partial<AlertAuditEntry> & Pick<AlertAuditEntry, 'action'>): AlertAuditEntry => ({
    alert_id: alert.alert_id,
    at: now,
    actor,
    ...(action.note !== undefined ? { note: action.note } : {}),
    ...fields,
  });
  switch (action.kind) {
    case 'assign': {
      const next: Alert = { ...alert, updated_at: now };
      if (action.assignee === null) delete next.assignee;
      else next.assignee = action.assignee;
      const note = action.note ?? (action.assignee === null ? 'unassigned' : `assigned to ${action.assignee}`);
      return { ok: true, alert: next, entry: { ...entry({ action: 'assigned' }), note } };
    }
    case 'comment':
      return { ok: true, alert: { ...alert, updated_at: now }, entry: entry({ action: 'commented' }) };
    default: {
      const rule = TRANSITIONS[action.kind];
      if (!(rule.from as readonly AlertStatus[]).includes(alert.status)) {
        return {
          ok: false,
          reason: `cannot ${action.kind.replace('_', ' ')} an alert that is ${alert.status.replace('_', ' ')}`,
          allowedFrom: rule.from,
        };
      }
      return {
        ok: true,
        alert: { ...alert, status: rule.to, updated_at: now },
        entry: entry({ action: rule.audit, from_status: alert.status, to_status: rule.to }),
      };
    }
  }
}
