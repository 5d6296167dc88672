-- Webhook subscriptions: the subscription as JSON, one row per version (a delete is a tombstone row).
CREATE TABLE IF NOT EXISTS webhook_subscriptions
(
    subscription_id String,
    doc             String,
    deleted         UInt8,
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY subscription_id;

-- The persistent outbox: every state change of a delivery is a new row with a higher version; readers take the
-- newest version per delivery_id (argMax), merges keep only it. All versions of one delivery share created_at,
-- so they stay in one partition; old months are dropped with ALTER TABLE … DROP PARTITION (18.16 has no TTL).
CREATE TABLE IF NOT EXISTS webhook_outbox
(
    delivery_id        String,
    subscription_id    String,
    alert_id           String,
    event              String,
    body               String,
    content_type       String,
    state              String,
    attempts           UInt32,
    next_attempt_at_ms UInt64,
    last_status_code   UInt16,
    last_error         String,
    created_at         DateTime('UTC'),
    created_at_ms      UInt64,
    updated_at_ms      UInt64,
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created_at)
ORDER BY delivery_id;

-- The delivery log: one row per HTTP attempt, append-only.
CREATE TABLE IF NOT EXISTS webhook_delivery_attempts
(
    delivery_id     String,
    subscription_id String,
    alert_id        String,
    event           String,
    attempt         UInt32,
    at              DateTime('UTC'),
    at_ms           UInt64,
    outcome         String,
    status_code     UInt16,
    latency_ms      UInt32,
    error           String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (subscription_id, at_ms, delivery_id);
