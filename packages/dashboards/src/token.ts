import type { DashboardSpec } from './grafana';
import { bucket, msToDateTime } from './sql-parts';

const TOKEN = '${token:singlequote}';

export const tokenDrillDown: DashboardSpec = {
  uid: 'tokenwatch-token',
  title: 'tokenwatch · Token',
  description: 'Everything about one token: registry facts, activity timeline, networks, user agents and events.',
  tags: ['tokenwatch', 'security'],
  from: 'now-7d',
  variables: [
    {
      name: 'token',
      label: 'Token',
      // The registry can lag behind events (a token first seen a second ago), so offer both.
      sql: `
SELECT DISTINCT token_id
FROM
(
    SELECT token_id FROM tokens
    UNION ALL
    SELECT token_id FROM events WHERE $__timeFilter(occurred_at)
)
ORDER BY token_id`,
    },
  ],
  panels: [
    {
      type: 'table',
      title: 'Token',
      description: 'The registry record: owner, lifecycle dates and scopes.',
      w: 24,
      h: 4,
      sql: `
SELECT
    token_id,
    token_name,
    owner_email,
    source,
    site,
    status,
    arrayStringConcat(scopes, ', ') AS scope_list,
    if(isNull(created_at_ms), NULL, ${msToDateTime('created_at_ms')}) AS created,
    if(isNull(expires_at_ms), NULL, ${msToDateTime('expires_at_ms')}) AS expires,
    if(isNull(revoked_at_ms), NULL, ${msToDateTime('revoked_at_ms')}) AS revoked,
    if(isNull(last_used_at_ms), NULL, ${msToDateTime('last_used_at_ms')}) AS last_used
FROM tokens FINAL
WHERE token_id = ${TOKEN}`,
      columns: [
        { name: 'token_id', kind: 'string' },
        { name: 'token_name', kind: 'string' },
        { name: 'owner_email', kind: 'string' },
        { name: 'source', kind: 'string' },
        { name: 'site', kind: 'string' },
        { name: 'status', kind: 'string' },
        { name: 'scope_list', kind: 'string' },
        { name: 'created', kind: 'time' },
        { name: 'expires', kind: 'time' },
        { name: 'revoked', kind: 'time' },
        { name: 'last_used', kind: 'time' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Timeline',
      description: 'Events of this token per bucket, by outcome.',
      w: 16,
      h: 8,
      sql: `
SELECT ${bucket('occurred_at')}, outcome, uniqExact(event_id) AS events
FROM events
WHERE token_id = ${TOKEN} AND $__timeFilter(occurred_at)
GROUP BY time, outcome
ORDER BY time, outcome`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'outcome', kind: 'string' },
        { name: 'events', kind: 'number' },
      ],
    },
    {
      type: 'piechart',
      title: 'Countries',
      description: 'Where this token was used from (offline IP data).',
      w: 8,
      h: 8,
      sql: `
SELECT if(country = '', '??', country) AS where_from, uniqExact(event_id) AS events
FROM events
WHERE token_id = ${TOKEN} AND $__timeFilter(occurred_at)
GROUP BY where_from
ORDER BY events DESC`,
      columns: [
        { name: 'where_from', kind: 'string' },
        { name: 'events', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'IPs, networks and ASNs',
      description: 'Every address this token used in the time range, with first and last use.',
      w: 14,
      h: 9,
      sql: `
SELECT
    ip,
    any(network) AS net,
    any(asn) AS as_number,
    any(country) AS country_code,
    uniqExact(event_id) AS events,
    uniqExactIf(event_id, outcome = 'failure') AS failures,
    min(occurred_at) AS first_seen,
    max(occurred_at) AS last_seen
FROM events
WHERE token_id = ${TOKEN} AND $__timeFilter(occurred_at) AND ip != ''
GROUP BY ip
ORDER BY last_seen DESC
LIMIT 200`,
      columns: [
        { name: 'ip', kind: 'string' },
        { name: 'net', kind: 'string' },
        { name: 'as_number', kind: 'number' },
        { name: 'country_code', kind: 'string' },
        { name: 'events', kind: 'number' },
        { name: 'failures', kind: 'number' },
        { name: 'first_seen', kind: 'time' },
        { name: 'last_seen', kind: 'time' },
      ],
    },
    {
      type: 'table',
      title: 'User agents',
      description: 'Clients that presented this token.',
      w: 10,
      h: 9,
      sql: `
SELECT
    if(user_agent = '', '(none)', user_agent) AS client,
    uniqExact(event_id) AS events,
    min(occurred_at) AS first_seen,
    max(occurred_at) AS last_seen
FROM events
WHERE token_id = ${TOKEN} AND $__timeFilter(occurred_at)
GROUP BY client
ORDER BY events DESC
LIMIT 50`,
      columns: [
        { name: 'client', kind: 'string' },
        { name: 'events', kind: 'number' },
        { name: 'first_seen', kind: 'time' },
        { name: 'last_seen', kind: 'time' },
      ],
    },
    {
      type: 'table',
      title: 'Alerts',
      description: 'Every alert raised for this token, latest first, whatever its status.',
      w: 24,
      h: 7,
      sql: `
SELECT
    toDateTime(intDiv(last_seen_at_ms, 1000), 'UTC') AS last_seen,
    severity,
    status,
    detector,
    title,
    count AS occurrences,
    assignee,
    alert_id
FROM alerts FINAL
WHERE token_id = ${TOKEN}
ORDER BY last_seen_at_ms DESC
LIMIT 100`,
      columns: [
        { name: 'last_seen', kind: 'time' },
        { name: 'severity', kind: 'string' },
        { name: 'status', kind: 'string' },
        { name: 'detector', kind: 'string' },
        { name: 'title', kind: 'string' },
        { name: 'occurrences', kind: 'number' },
        { name: 'assignee', kind: 'string' },
        { name: 'alert_id', kind: 'string' },
      ],
    },
    {
      type: 'table',
      title: 'Recent events',
      description: 'The latest events of this token, newest first.',
      w: 24,
      h: 10,
      sql: `
SELECT
    occurred_at AS at,
    kind,
    outcome,
    outcome_reason,
    ip,
    country,
    user_agent,
    concat(request_method, ' ', request_path) AS request,
    source_event_type,
    event_id
FROM events
WHERE token_id = ${TOKEN} AND $__timeFilter(occurred_at)
ORDER BY occurred_at DESC, event_id
LIMIT 1 BY event_id
LIMIT 200`,
      columns: [
        { name: 'at', kind: 'time' },
        { name: 'kind', kind: 'string' },
        { name: 'outcome', kind: 'string' },
        { name: 'outcome_reason', kind: 'string' },
        { name: 'ip', kind: 'string' },
        { name: 'country', kind: 'string' },
        { name: 'user_agent', kind: 'string' },
        { name: 'request', kind: 'string' },
        { name: 'source_event_type', kind: 'string' },
        { name: 'event_id', kind: 'string' },
      ],
    },
  ],
};
