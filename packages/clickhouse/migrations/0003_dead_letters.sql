-- Records that did not validate. Never dropped silently: the original bytes, where they came from and why.
-- dead_letter_id is derived from the origin (topic/partition/offset, or request/line), so redelivery does not
-- duplicate a dead letter once merged; readers use FINAL for exact counts.
CREATE TABLE IF NOT EXISTS dead_letters
(
    dead_letter_id String,
    received_at    DateTime('UTC'),
    received_at_ms UInt64,
    origin         String,
    source         String,
    reason         String,
    field_path     String,
    raw            String,
    raw_encoding   String
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(received_at)
ORDER BY dead_letter_id;
