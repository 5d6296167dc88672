-- Suppressions (silences). One row per suppression_id after merges; the greatest version_ms wins. A deletion is
-- a tombstone row (deleted = 1) so it also wins over the row it deletes. Empty strings mean "not given";
-- expires_at_ms 0 means "never expires".
CREATE TABLE IF NOT EXISTS suppressions
(
    suppression_id String,
    token_id       String,
    detector       String,
    cidr           String,
    user_agent     String,
    reason         String,
    author         String,
    created_at_ms  UInt64,
    expires_at_ms  UInt64,
    deleted        UInt8,
    version_ms     UInt64
)
ENGINE = ReplacingMergeTree(version_ms)
ORDER BY suppression_id;
