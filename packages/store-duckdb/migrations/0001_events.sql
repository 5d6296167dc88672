-- Canonical token events (TokenEvent v1). event_id is the primary key: a record delivered twice is kept once.
-- Times are epoch milliseconds (BIGINT), as in the ClickHouse store; absent optional fields are NULL.
CREATE TABLE IF NOT EXISTS events (
    event_id          VARCHAR PRIMARY KEY,
    schema_version    INTEGER NOT NULL,
    source            VARCHAR NOT NULL,
    source_event_type VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    occurred_at       BIGINT NOT NULL,
    received_at       BIGINT NOT NULL,
    token_id          VARCHAR NOT NULL,
    token_name        VARCHAR,
    owner_id          VARCHAR,
    owner_email       VARCHAR,
    tenant            VARCHAR,
    site              VARCHAR,
    ip                VARCHAR,
    asn               BIGINT,
    country           VARCHAR,
    user_agent        VARCHAR,
    request_method    VARCHAR,
    request_path      VARCHAR,
    has_request       BOOLEAN NOT NULL,
    outcome           VARCHAR NOT NULL,
    outcome_reason    VARCHAR,
    scopes            VARCHAR,
    expires_at        BIGINT,
    raw               VARCHAR NOT NULL
);
CREATE INDEX IF NOT EXISTS events_token_time ON events (token_id, occurred_at);

CREATE TABLE IF NOT EXISTS dead_letters (
    dead_letter_id VARCHAR PRIMARY KEY,
    received_at    BIGINT NOT NULL,
    origin         VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    reason         VARCHAR NOT NULL,
    field_path     VARCHAR NOT NULL,
    raw            VARCHAR NOT NULL,
    raw_encoding   VARCHAR NOT NULL
);
