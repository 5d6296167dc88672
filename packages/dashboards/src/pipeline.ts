import type { DashboardSpec } from './grafana';
import { bucket, bucketMs, timeFilterMs } from './sql-parts';

/**
 * Pipeline health from what ingest writes: events carry received_at_ms (set by ingest), so ingest rate and lag
 * (received − occurred) come from the events table itself; rejected records are in dead_letters.
 */
export const pipelineHealth: DashboardSpec = {
  uid: 'tokenwatch-pipeline',
  title: 'tokenwatch · Pipeline health',
  description: 'Ingest rate, lag between event time and arrival, and dead letters by reason.',
  tags: ['tokenwatch', 'operations'],
  from: 'now-6h',
  variables: [],
  panels: [
    {
      type: 'stat',
      title: 'Events received',
      description: 'Distinct events ingest stored in the time range (by arrival time).',
      w: 6,
      h: 4,
      sql: `SELECT uniqExact(event_id) AS received FROM events WHERE ${timeFilterMs('received_at_ms')}`,
      columns: [{ name: 'received', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Dead letters',
      description: 'Records rejected in the time range.',
      w: 6,
      h: 4,
      sql: `SELECT uniqExact(dead_letter_id) AS dead_letters FROM dead_letters WHERE $__timeFilter(received_at)`,
      columns: [{ name: 'dead_letters', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Dead-letter ratio',
      description: 'Rejected records as a share of everything that arrived.',
      w: 6,
      h: 4,
      unit: 'percentunit',
      sql: `
SELECT dead / greatest(dead + good, 1) AS dead_letter_ratio
FROM
(
    SELECT
        (SELECT uniqExact(dead_letter_id) FROM dead_letters WHERE $__timeFilter(received_at)) AS dead,
        (SELECT uniqExact(event_id) FROM events WHERE ${timeFilterMs('received_at_ms')}) AS good
)`,
      columns: [{ name: 'dead_letter_ratio', kind: 'number' }],
    },
    {
      type: 'stat',
      title: 'Seconds since last event',
      description: 'How long ago ingest stored its latest event. Grows when a source or the pipeline stalls.',
      w: 6,
      h: 4,
      unit: 's',
      sql: `
SELECT toInt64(toUInt32(now())) - toInt64(intDiv(max(received_at_ms), 1000)) AS seconds_since_last
FROM events
WHERE occurred_at >= now() - INTERVAL 7 DAY`,
      columns: [{ name: 'seconds_since_last', kind: 'number' }],
    },
    {
      type: 'timeseries',
      title: 'Ingest rate by source',
      description: 'Events stored per second, by arrival time.',
      w: 12,
      h: 8,
      unit: 'reqps',
      sql: `
SELECT ${bucketMs('received_at_ms')}, source, uniqExact(event_id) / $__interval_s AS events_per_second
FROM events
WHERE ${timeFilterMs('received_at_ms')}
GROUP BY time, source
ORDER BY time, source`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'source', kind: 'string' },
        { name: 'events_per_second', kind: 'number' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Lag: arrival − event time',
      description:
        'How late events reach tokenwatch (p50, p95, max). Tableau and CloudTrail deliver files minutes to hours late.',
      w: 12,
      h: 8,
      unit: 's',
      sql: `
SELECT
    ${bucketMs('received_at_ms')},
    quantileExact(0.5)(toInt64(received_at_ms) - toInt64(occurred_at_ms)) / 1000 AS p50_lag_s,
    quantileExact(0.95)(toInt64(received_at_ms) - toInt64(occurred_at_ms)) / 1000 AS p95_lag_s,
    max(toInt64(received_at_ms) - toInt64(occurred_at_ms)) / 1000 AS max_lag_s
FROM events
WHERE ${timeFilterMs('received_at_ms')}
GROUP BY time
ORDER BY time`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'p50_lag_s', kind: 'number' },
        { name: 'p95_lag_s', kind: 'number' },
        { name: 'max_lag_s', kind: 'number' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Dead letters by reason',
      description: 'Rejected records per bucket, by reason.',
      w: 12,
      h: 8,
      sql: `
SELECT ${bucket('received_at')}, reason, uniqExact(dead_letter_id) AS dead_letters
FROM dead_letters
WHERE $__timeFilter(received_at)
GROUP BY time, reason
ORDER BY time, reason`,
      columns: [
        { name: 'time', kind: 'time' },
        { name: 'reason', kind: 'string' },
        { name: 'dead_letters', kind: 'number' },
      ],
    },
    {
      type: 'table',
      title: 'Dead letters by source, reason and field',
      description: 'What to fix first: the biggest groups of rejected records.',
      w: 12,
      h: 8,
      sql: `
SELECT
    source,
    reason,
    field_path,
    uniqExact(dead_letter_id) AS dead_letters,
    max(received_at) AS last_seen
FROM dead_letters
WHERE $__timeFilter(received_at)
GROUP BY source, reason, field_path
ORDER BY dead_letters DESC
LIMIT 50`,
      columns: [
        { name: 'source', kind: 'string' },
        { name: 'reason', kind: 'string' },
        { name: 'field_path', kind: 'string' },
        { name: 'dead_letters', kind: 'number' },
        { name: 'last_seen', kind: 'time' },
      ],
    },
    {
      type: 'table',
      title: 'Latest dead letters',
      description: 'The newest rejected records with where they came from and the start of the original bytes.',
      w: 24,
      h: 9,
      sql: `
SELECT
    received_at AS at,
    source,
    origin,
    reason,
    field_path,
    substring(raw, 1, 200) AS raw_start
FROM dead_letters
WHERE $__timeFilter(received_at)
ORDER BY received_at DESC, dead_letter_id
LIMIT 1 BY dead_letter_id
LIMIT 100`,
      columns: [
        { name: 'at', kind: 'time' },
        { name: 'source', kind: 'string' },
        { name: 'origin', kind: 'string' },
        { name: 'reason', kind: 'string' },
        { name: 'field_path', kind: 'string' },
        { name: 'raw_start', kind: 'string' },
      ],
    },
  ],
};
