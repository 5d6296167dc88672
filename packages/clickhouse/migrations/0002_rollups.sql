-- Per-token rollups fed by materialized views. Counts are uniqExact states over event_id, so a batch that Kafka
-- redelivers (and ingest writes twice) does not inflate them.
CREATE TABLE IF NOT EXISTS token_usage_5m
(
    token_id     String,
    bucket       DateTime('UTC'),
    events       AggregateFunction(uniqExact, String),
    failures     AggregateFunction(uniqExactIf, String, UInt8),
    distinct_ips AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (token_id, bucket);

CREATE MATERIALIZED VIEW IF NOT EXISTS token_usage_5m_mv TO token_usage_5m AS
SELECT
    token_id,
    toStartOfFiveMinute(occurred_at) AS bucket,
    uniqExactState(event_id) AS events,
    uniqExactIfState(event_id, toUInt8(outcome = 'failure')) AS failures,
    uniqExactState(ip) AS distinct_ips
FROM events
GROUP BY token_id, bucket;

CREATE TABLE IF NOT EXISTS token_usage_1h
(
    token_id     String,
    bucket       DateTime('UTC'),
    events       AggregateFunction(uniqExact, String),
    failures     AggregateFunction(uniqExactIf, String, UInt8),
    distinct_ips AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (token_id, bucket);

CREATE MATERIALIZED VIEW IF NOT EXISTS token_usage_1h_mv TO token_usage_1h AS
SELECT
    token_id,
    toStartOfHour(occurred_at) AS bucket,
    uniqExactState(event_id) AS events,
    uniqExactIfState(event_id, toUInt8(outcome = 'failure')) AS failures,
    uniqExactState(ip) AS distinct_ips
FROM events
GROUP BY token_id, bucket;
