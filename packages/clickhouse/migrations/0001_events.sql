-- Canonical token events (TokenEvent v1). One row per event_id: Kafka may redeliver a batch after a crash, so
-- the table is a ReplacingMergeTree whose sorting key contains event_id; readers that need exact counts use
-- FINAL or uniqExact(event_id). The same event always has the same token_id and occurred_at, hence the same key.
-- Millisecond event time is kept as UInt64 beside the DateTime (DateTime64 does not exist on 18.16).
-- Retention: drop old partitions (ALTER TABLE events DROP PARTITION <yyyymmdd>); TTL does not exist on 18.16.
CREATE TABLE IF NOT EXISTS events
(
    event_id          String,
    schema_version    UInt8,
    source            String,
    source_event_type String,
    kind              String,
    occurred_at       DateTime('UTC'),
    occurred_at_ms    UInt64,
    received_at_ms    UInt64,
    token_id          String,
    token_name        String,
    owner_id          String,
    owner_email       String,
    tenant            String,
    site              String,
    ip                String,
    invoked_by        String,
    network           String,
    asn               UInt32,
    country           String,
    user_agent        String,
    request_method    String,
    request_path      String,
    outcome           String,
    outcome_reason    String,
    scopes            Array(String),
    expires_at_ms     Nullable(UInt64),
    raw               String
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMMDD(occurred_at)
ORDER BY (token_id, occurred_at, event_id);
