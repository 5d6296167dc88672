import { Alert, type AlertAuditEntry } from '@tokenwatch/schema';
import type { AlertEvent, WebhookDispatcher } from '@tokenwatch/webhooks';

/** One `token-alerts` message → the alert, or undefined when it is not one (counted and skipped by the caller). */
export function decodeAlert(value: Buffer | null): Alert | undefined {
  if (!value) return undefined;
  try {
    const parsed = Alert.safeParse(JSON.parse(value.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Queues the `alert.raised` delivery of each alert for every matching subscription. The analyzer sends an alert
 * again on every repeat; the delivery key (subscription, alert id, event) is the same each time, so the outbox
 * keeps the first and a repeat, a redelivered message or a restart adds nothing. An alert already closed as a
 * false positive is not sent (the analyzer keeps counting its repeats; nobody should be paged for them).
 * Durable when it resolves. Returns how many deliveries were new.
 */
export async function enqueueRaisedAlerts(dispatcher: WebhookDispatcher, alerts: readonly Alert[]): Promise<number> {
  const live = alerts.filter((a) => a.status !== 'false_positive');
  return live.length === 0 ? 0 : dispatcher.enqueueAlerts(live, 'alert.raised');
}

const TRIAGE_EVENTS: Partial<Record<AlertAuditEntry['action'], AlertEvent>> = {
  acknowledged: 'alert.acknowledged',
  resolved: 'alert.resolved',
  false_positive: 'alert.false_positive',
  reopened: 'alert.reopened',
};

/**
 * Queues the delivery of a triage status change (acknowledged, resolved, false positive, reopened; assignments and
 * comments are not sent), so PagerDuty incidents are acknowledged and resolved with the alert. Keyed by the
 * change's instant: a second resolve after a reopen is a new delivery. Returns how many deliveries were new.
 */
export async function enqueueTriageChange(
  dispatcher: WebhookDispatcher,
  alert: Alert,
  change: AlertAuditEntry,
): Promise<number> {
  const event = TRIAGE_EVENTS[change.action];
  return event === undefined ? 0 : dispatcher.enqueueAlerts([alert], event, change.at);
}
