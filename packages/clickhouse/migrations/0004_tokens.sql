-- Token registry: the latest known state of every token, one row per token after merges (version = updated_at_ms).
CREATE TABLE IF NOT EXISTS tokens
(
    token_id         String,
    source           String,
    token_name       String,
    owner_id         String,
    owner_email      String,
    tenant           String,
    site             String,
    status           String,
    scopes           Array(String),
    created_at_ms    Nullable(UInt64),
    expires_at_ms    Nullable(UInt64),
    revoked_at_ms    Nullable(UInt64),
    last_used_at_ms  Nullable(UInt64),
    first_seen_at_ms UInt64,
    updated_at_ms    UInt64
)
ENGINE = ReplacingMergeTree(updated_at_ms)
ORDER BY token_id;
