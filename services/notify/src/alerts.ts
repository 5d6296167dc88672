import { Alert } from '@tokenwatch/schema';
import type { WebhookDispatcher } from '@tokenwatch/webhooks';

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
