import type { Alert, Severity, WebhookSubscription } from '@tokenwatch/schema';

/** Alert events that are delivered. Repeats of an open alert are not (they would page people again). */
export const ALERT_EVENTS = [
  'alert.raised',
  'alert.acknowledged',
  'alert.resolved',
  'alert.false_positive',
  'alert.reopened',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

const PD_SEVERITY: Record<Severity, string> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info' };
const SLACK_EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_blue_circle:',
};

export interface PayloadContext {
  /** Base URL of the tokenwatch UI/API, for links back to the alert; optional. */
  publicUrl?: string;
  deliveryId: string;
  now: number;
}

function alertLink(ctx: PayloadContext, alert: Alert): string | undefined {
  return ctx.publicUrl
    ? `${ctx.publicUrl.replace(/\/$/, '')}/v1/alerts/${encodeURIComponent(alert.alert_id)}`
    : undefined;
}

/** The request body for one alert event in the subscription's format. */
export function alertPayload(sub: WebhookSubscription, alert: Alert, event: AlertEvent, ctx: PayloadContext): unknown {
  const link = alertLink(ctx, alert);
  switch (sub.format) {
    case 'json':
      return {
        type: event,
        delivery_id: ctx.deliveryId,
        sent_at: new Date(ctx.now).toISOString(),
        alert,
        ...(link ? { link } : {}),
      };
    case 'slack': {
      const head = `${SLACK_EMOJI[alert.severity]} *${alert.severity.toUpperCase()}* ${alert.title}`;
      const status = event === 'alert.raised' ? '' : ` — ${event.replace('alert.', '')}`;
      return {
        text: `${alert.severity.toUpperCase()}: ${alert.title}${status}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: head + status + '\n' + alert.explanation } },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: `detector \`${alert.detector}\` · token \`${alert.token_id}\` · seen ${alert.count}× · ${link ? `<${link}|open>` : alert.alert_id}`,
              },
            ],
          },
        ],
      };
    }
    case 'pagerduty': {
      const action =
        event === 'alert.raised' || event === 'alert.reopened'
          ? 'trigger'
          : event === 'alert.acknowledged'
            ? 'acknowledge'
            : 'resolve';
      return {
        routing_key: sub.pagerduty_routing_key ?? '',
        event_action: action,
        // PagerDuty groups by dedup_key, so acknowledge/resolve close the incident the trigger opened.
        dedup_key: alert.alert_id,
        ...(action === 'trigger'
          ? {
              payload: {
                summary: alert.title.slice(0, 1024),
                source: alert.token_id,
                severity: PD_SEVERITY[alert.severity],
                timestamp: new Date(alert.last_seen_at).toISOString(),
                component: alert.source ?? 'tokenwatch',
                class: alert.detector,
                custom_details: { explanation: alert.explanation, evidence: alert.evidence, count: alert.count },
              },
              ...(link ? { links: [{ href: link, text: 'Open in tokenwatch' }] } : {}),
            }
          : {}),
      };
    }
  }
}

/** Whether an alert passes a subscription's filters (an absent or empty filter matches everything). */
export function matchesSubscription(sub: WebhookSubscription, alert: Alert): boolean {
  const { severities, detectors, sources } = sub.filters;
  if (severities?.length && !severities.includes(alert.severity)) return false;
  if (detectors?.length && !detectors.includes(alert.detector)) return false;
  if (sources?.length && (alert.source === undefined || !sources.includes(alert.source))) return false;
  return sub.enabled;
}
