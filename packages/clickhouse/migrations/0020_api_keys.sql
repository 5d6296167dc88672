-- API keys of the HTTP API. Only the SHA-256 of the secret is stored. One row per key after merges (version =
-- updated_at_ms); readers use FINAL so a revocation is visible to the very next lookup.
CREATE TABLE IF NOT EXISTS api_keys
(
    key_id        String,
    name          String,
    scopes        Array(String),
    secret_sha256 String,
    created_at_ms UInt64,
    created_by    String,
    revoked_at_ms Nullable(UInt64),
    revoked_by    String,
    updated_at_ms UInt64
)
ENGINE = ReplacingMergeTree(updated_at_ms)
ORDER BY key_id;
