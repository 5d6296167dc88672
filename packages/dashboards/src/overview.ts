import { openAlertsPanel } from './alerts';
import type { DashboardSpec } from './grafana';
import { bucket, msToDateTime, nowMs, TOKEN_LINK } from './sql-parts';

export const overview: DashboardSpec = {
  uid: 'tokenwatch-overview',
  title: 'tokenwatch · Overview',
  description: 'Token activity across all sources: volume, failures, top tokens, new networks and expiring tokens.',
  tags: ['tokenwatch', 'security'],
  from: 'now-24h',
  variables: [],
  panels: [
    {
      type: 'stat',
      title: 'Events',
      description: 'Distinct events in the time range.',
      w: 4,
      h: 4,
      sql: `SELECT uniqExact(event_id) AS events FROM events WHERE $__timeFilter(occurred_at)`,
      columns: [{ name: 'events', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Active tokens',
      description: 'Tokens with at least one event in the time range.',
      w: 4,
      h: 4,
      sql: `SELECT uniqExact(token_id) AS tokens FROM events WHERE $__timeFilter(occurred_at)`,
      columns: [{ name: 'tokens', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Failure rate',
      description: 'Share of events whose outcome is failure (failed sign-ins, denied requests).',
      w: 4,
      h: 4,
      unit: 'percentunit',
      sql: `
SELECT uniqExactIf(event_id, outcome = 'failure') / greatest(uniqExact(event_id), 1) AS failure_rate
FROM events
WHERE $__timeFilter(occurred_at)`,
      columns: [{ name: 'failure_rate', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'New networks today',
      description: 'Token/network pairs first seen today (UTC) within 90 days of history.',
      w: 4,
      h: 4,
      sql: `
SELECT count() AS new_networks
FROM
(
    SELECT token_id, network, min(occurred_at) AS first_seen
    FROM events
    WHERE network != '' AND occurred_at >= now() - INTERVAL 90 DAY
    GROUP BY token_id, network
    HAVING first_seen >= toStartOfDay(now())
)`,
      columns: [{ name: 'new_networks', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Tokens expiring in 14 days',
      description: 'Active tokens whose expiry falls within the next 14 days.',
      w: 4,
      h: 4,
      sql: `
SELECT count() AS expiring
FROM tokens FINAL
WHERE status = 'active' AND isNotNull(expires_at_ms)
  AND toInt64(assumeNotNull(expires_at_ms)) BETWEEN ${nowMs} AND ${nowMs} + 14 * 86400000`,
      columns: [{ name: 'expiring', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Failed events',
      description: 'Distinct events with outcome failure in the time range.',
      w: 4,
      h: 4,
      sql: `SELECT uniqExactIf(event_id, outcome = 'failure') AS failures FROM events WHERE $__timeFilter(occurred_at)`,
      columns: [{ name: 'failures', kind: 'number' }],
    },
    {
      type: 'timeseries',
      title: 'Events per minute by source and outcome',
      description: 'Event rate per source and outcome, normalised to events per minute whatever the bucket size.',
      w: 16,
      h: 9,
      unit: 'short',
      sql: `
SELECT
    ${bucket('occurred_at')},
    concat(source, ' / ', outcome) AS series,
    uniqExact(event_id) * 60 / $__interval_s AS events_per_minute
FROM events
WHERE $__timeFilter(occurred_at)
GROUP BY time, series
ORDER BY time, series`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'series', kind: 'string' },
        { name: 'events_per_minute', kind: 'number' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Failure rate over time',
      description: 'Share of failed events per bucket, by source.',
      w: 8,
      h: 9,
      unit: 'percentunit',
      sql: `
SELECT
    ${bucket('occurred_at')},
    source,
    uniqExactIf(event_id, outcome = 'failure') / greatest(uniqExact(event_id), 1) AS failure_rate
FROM events
WHERE $__timeFilter(occurred_at)
GROUP BY time, source
ORDER BY time, source`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'source', kind: 'string' },
        { name: 'failure_rate', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'Top tokens',
      description: 'Busiest tokens in the time range. Click a token for its drill-down.',
      w: 12,
      h: 10,
      links: { token_id: TOKEN_LINK },
      sql: `
SELECT
    token_id,
    argMax(token_name, occurred_at) AS name,
    argMax(owner_email, occurred_at) AS owner,
    any(source) AS via,
    uniqExact(event_id) AS events,
    uniqExactIf(event_id, outcome = 'failure') AS failures,
    uniqExactIf(ip, ip != '') AS ips,
    max(occurred_at) AS last_seen
FROM events
WHERE $__timeFilter(occurred_at)
GROUP BY token_id
ORDER BY events DESC, token_id
LIMIT 20`,
      columns: [
        { name: 'token_id', kind: 'string' },
        { name: 'name', kind: 'string' },
        { name: 'owner', kind: 'string' },
        { name: 'via', kind: 'string' },
        { name: 'events', kind: 'number' },
        { name: 'failures', kind: 'number' },
        { name: 'ips', kind: 'number' },
        { name: 'last_seen', kind: 'time' },
      ],
    },
    {
      type: 'table',
      title: 'New networks today',
      description: 'Networks (/24, /64) a token used for the first time today, UTC, within 90 days of history.',
      w: 12,
      h: 10,
      links: { token_id: TOKEN_LINK },
      sql: `
SELECT token_id, network, as_number, country_code, first_seen, events
FROM
(
    SELECT
        token_id,
        network,
        any(asn) AS as_number,
        any(country) AS country_code,
        min(occurred_at) AS first_seen,
        uniqExact(event_id) AS events
    FROM events
    WHERE network != '' AND occurred_at >= now() - INTERVAL 90 DAY
    GROUP BY token_id, network
    HAVING first_seen >= toStartOfDay(now())
)
ORDER BY first_seen DESC
LIMIT 100`,
      columns: [
        { name: 'token_id', kind: 'string' },
        { name: 'network', kind: 'string' },
        { name: 'as_number', kind: 'number' },
        { name: 'country_code', kind: 'string' },
        { name: 'first_seen', kind: 'time' },
        { name: 'events', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'Tokens expiring soon',
      description: 'Active tokens expiring in the next 30 days, soonest first: rotate them before they break jobs.',
      w: 12,
      h: 9,
      links: { token_id: TOKEN_LINK },
      sql: `
SELECT
    token_id,
    token_name,
    owner_email,
    source,
    ${msToDateTime('expires_at_ms')} AS expires_at,
    round((toInt64(assumeNotNull(expires_at_ms)) - ${nowMs}) / 86400000, 1) AS days_left,
    if(isNull(last_used_at_ms), NULL, ${msToDateTime('last_used_at_ms')}) AS last_used
FROM tokens FINAL
WHERE status = 'active' AND isNotNull(expires_at_ms)
  AND toInt64(assumeNotNull(expires_at_ms)) BETWEEN ${nowMs} AND ${nowMs} + 30 * 86400000
ORDER BY expires_at_ms
LIMIT 100`,
      columns: [
        { name: 'token_id', kind: 'string' },
        { name: 'token_name', kind: 'string' },
        { name: 'owner_email', kind: 'string' },
        { name: 'source', kind: 'string' },
        { name: 'expires_at', kind: 'time' },
        { name: 'days_left', kind: 'number' },
        { name: 'last_used', kind: 'time' },
      ],
    },
    openAlertsPanel,
  ],
};
