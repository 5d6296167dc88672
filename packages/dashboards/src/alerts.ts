import type { DashboardSpec, PanelSpec } from './grafana';
import { bucketMs, timeFilterMs, TOKEN_LINK } from './sql-parts';

/** Severity order for sorting, most severe first. */
export const SEVERITY_ORDER = `indexOf(['critical', 'high', 'medium', 'low'], severity)`;

/** Open and acknowledged alerts per severity and detector: what is waiting for someone. Used on two dashboards. */
export const openAlertsPanel: PanelSpec = {
  type: 'table',
  title: 'Open alerts by severity and detector',
  description: 'Alerts nobody has closed yet, most severe first.',
  w: 12,
  h: 9,
  sql: `
SELECT
    severity,
    detector,
    countIf(status = 'open') AS open,
    countIf(status = 'acknowledged') AS acknowledged
FROM alerts FINAL
WHERE status IN ('open', 'acknowledged')
GROUP BY severity, detector
ORDER BY ${SEVERITY_ORDER}, open DESC, detector`,
  columns: [
    { name: 'severity', kind: 'string' },
    { name: 'detector', kind: 'string' },
    { name: 'open', kind: 'number' },
    { name: 'acknowledged', kind: 'number' },
  ],
};

/**
 * Per alert created in the range: when it was first acknowledged and first closed, from the audit trail.
 * 0 means "not yet" (minIf over no rows, and unmatched LEFT JOIN rows, give 0 on every ClickHouse version).
 */
const TRIAGE_TIMES = `
(
    SELECT alert_id, severity, detector, created_at_ms
    FROM alerts FINAL
    WHERE ${timeFilterMs('created_at_ms')}
)
ALL LEFT JOIN
(
    SELECT
        alert_id,
        minIf(at_ms, action = 'acknowledged') AS acked_ms,
        minIf(at_ms, action IN ('resolved', 'false_positive')) AS closed_ms
    FROM alert_audit
    GROUP BY alert_id
) USING alert_id`;

const seconds = (column: string) => `(toInt64(${column}) - toInt64(created_at_ms)) / 1000`;

export const alertOperations: DashboardSpec = {
  uid: 'tokenwatch-alerts',
  title: 'tokenwatch · Alert operations',
  description: 'How the team handles alerts: backlog, time to acknowledge and resolve, false-positive rate.',
  tags: ['tokenwatch', 'security', 'operations'],
  from: 'now-7d',
  variables: [],
  panels: [
    {
      type: 'stat',
      title: 'Open alerts',
      description: 'Alerts with status open (not yet acknowledged).',
      w: 5,
      h: 4,
      sql: `SELECT count() AS open FROM alerts FINAL WHERE status = 'open'`,
      columns: [{ name: 'open', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Acknowledged, not closed',
      description: 'Alerts someone is working on.',
      w: 5,
      h: 4,
      sql: `SELECT count() AS acknowledged FROM alerts FINAL WHERE status = 'acknowledged'`,
      columns: [{ name: 'acknowledged', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Median time to acknowledge',
      description: 'For alerts created in the range and acknowledged since.',
      w: 5,
      h: 4,
      unit: 's',
      sql: `
SELECT quantileExactIf(0.5)(${seconds('acked_ms')}, acked_ms > 0) AS median_ack_s
FROM ${TRIAGE_TIMES}`,
      columns: [{ name: 'median_ack_s', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Median time to resolve',
      description: 'For alerts created in the range and resolved or closed as false positive since.',
      w: 5,
      h: 4,
      unit: 's',
      sql: `
SELECT quantileExactIf(0.5)(${seconds('closed_ms')}, closed_ms > 0) AS median_resolve_s
FROM ${TRIAGE_TIMES}`,
      columns: [{ name: 'median_resolve_s', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'False-positive rate',
      description: 'Of the alerts created in the range and closed: the share closed as false positive.',
      w: 4,
      h: 4,
      unit: 'percentunit',
      sql: `
SELECT countIf(status = 'false_positive') / greatest(countIf(status IN ('resolved', 'false_positive')), 1)
    AS false_positive_rate
FROM alerts FINAL
WHERE ${timeFilterMs('created_at_ms')}`,
      columns: [{ name: 'false_positive_rate', kind: 'number' }],
    },
    {
      type: 'timeseries',
      title: 'Alerts raised by severity',
      description: 'New alerts per bucket (repeats of an open alert update it and are not counted again).',
      w: 12,
      h: 9,
      sql: `
SELECT ${bucketMs('created_at_ms')}, severity, count() AS alerts
FROM alerts FINAL
WHERE ${timeFilterMs('created_at_ms')}
GROUP BY time, severity
ORDER BY time, severity`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'severity', kind: 'string' },
        { name: 'alerts', kind: 'number' },
      ],
    },
    openAlertsPanel,
    {
      type: 'table',
      title: 'Time to acknowledge and resolve by severity',
      description: 'Median and 90th percentile, in seconds, for alerts created in the range.',
      w: 12,
      h: 8,
      unit: 's',
      sql: `
SELECT
    severity,
    count() AS alerts,
    countIf(acked_ms > 0) AS acknowledged,
    quantileExactIf(0.5)(${seconds('acked_ms')}, acked_ms > 0) AS p50_ack_s,
    quantileExactIf(0.9)(${seconds('acked_ms')}, acked_ms > 0) AS p90_ack_s,
    countIf(closed_ms > 0) AS closed,
    quantileExactIf(0.5)(${seconds('closed_ms')}, closed_ms > 0) AS p50_resolve_s,
    quantileExactIf(0.9)(${seconds('closed_ms')}, closed_ms > 0) AS p90_resolve_s
FROM ${TRIAGE_TIMES}
GROUP BY severity
ORDER BY ${SEVERITY_ORDER}`,
      columns: [
        { name: 'severity', kind: 'string' },
        { name: 'alerts', kind: 'number' },
        { name: 'acknowledged', kind: 'number' },
        { name: 'p50_ack_s', kind: 'number' },
        { name: 'p90_ack_s', kind: 'number' },
        { name: 'closed', kind: 'number' },
        { name: 'p50_resolve_s', kind: 'number' },
        { name: 'p90_resolve_s', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'False-positive rate by detector',
      description: 'Closed alerts created in the range, by detector: a high rate means the detector needs tuning.',
      w: 12,
      h: 8,
      sql: `
SELECT
    detector,
    countIf(status IN ('resolved', 'false_positive')) AS closed,
    countIf(status = 'false_positive') AS false_positives,
    countIf(status = 'false_positive') / greatest(countIf(status IN ('resolved', 'false_positive')), 1)
        AS false_positive_rate
FROM alerts FINAL
WHERE ${timeFilterMs('created_at_ms')}
GROUP BY detector
HAVING closed > 0
ORDER BY false_positive_rate DESC, detector`,
      columns: [
        { name: 'detector', kind: 'string' },
        { name: 'closed', kind: 'number' },
        { name: 'false_positives', kind: 'number' },
        { name: 'false_positive_rate', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'Oldest unacknowledged alerts',
      description: 'Open alerts waiting longest for someone to look at them.',
      w: 24,
      h: 9,
      links: { token_id: TOKEN_LINK },
      sql: `
SELECT
    toDateTime(intDiv(created_at_ms, 1000), 'UTC') AS created,
    severity,
    detector,
    title,
    token_id,
    count AS occurrences,
    (toInt64(toUInt32(now())) * 1000 - toInt64(created_at_ms)) / 1000 AS waiting_s
FROM alerts FINAL
WHERE status = 'open'
ORDER BY created_at_ms
LIMIT 50`,
      columns: [
        { name: 'created', kind: 'time' },
        { name: 'severity', kind: 'string' },
        { name: 'detector', kind: 'string' },
        { name: 'title', kind: 'string' },
        { name: 'token_id', kind: 'string' },
        { name: 'occurrences', kind: 'number' },
        { name: 'waiting_s', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'Triage activity by person',
      description: 'Audit-trail actions per actor in the range (the analyzer appears as the creator of alerts).',
      w: 24,
      h: 8,
      sql: `
SELECT
    actor,
    countIf(action = 'acknowledged') AS acknowledged,
    countIf(action = 'resolved') AS resolved,
    countIf(action = 'false_positive') AS false_positives,
    countIf(action = 'assigned') AS assigned,
    countIf(action = 'commented') AS comments,
    max(at) AS last_action
FROM alert_audit
WHERE $__timeFilter(at) AND action NOT IN ('created', 'repeated')
GROUP BY actor
ORDER BY last_action DESC`,
      columns: [
        { name: 'actor', kind: 'string' },
        { name: 'acknowledged', kind: 'number' },
        { name: 'resolved', kind: 'number' },
        { name: 'false_positives', kind: 'number' },
        { name: 'assigned', kind: 'number' },
        { name: 'comments', kind: 'number' },
        { name: 'last_action', kind: 'time' },
      ],
    },
  ],
};
