-- API keys (only the SHA-256 of the secret) and the network (/24, /64) of each event's IP, which the usage
-- report counts "new networks" by; computed by the writer with the schema's networkOf, as in ClickHouse.
CREATE TABLE IF NOT EXISTS api_keys (
    key_id     VARCHAR PRIMARY KEY,
    created_at BIGINT NOT NULL,
    doc        VARCHAR NOT NULL
);

ALTER TABLE events ADD COLUMN IF NOT EXISTS network VARCHAR;

-- Token list filters of the read model (owner by e-mail, stale, expiring).
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS owner_email VARCHAR;
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS last_used_at BIGINT;
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS expires_at BIGINT;
