-- Token registry, alerts, their audit trail and suppressions. Each row keeps the whole record as JSON (`doc`),
-- so reads return exactly what was written; the other columns exist to filter, order and pick the newest version.
CREATE TABLE IF NOT EXISTS tokens (
    token_id   VARCHAR PRIMARY KEY,
    source     VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    owner_id   VARCHAR,
    updated_at BIGINT NOT NULL,
    doc        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS alerts (
    alert_id     VARCHAR PRIMARY KEY,
    detector     VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    token_id     VARCHAR NOT NULL,
    last_seen_at BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    doc          VARCHAR NOT NULL
);

-- Append-only; seq keeps the order of entries written in the same millisecond.
CREATE SEQUENCE IF NOT EXISTS alert_audit_seq;
CREATE TABLE IF NOT EXISTS alert_audit (
    seq      BIGINT NOT NULL DEFAULT nextval('alert_audit_seq'),
    alert_id VARCHAR NOT NULL,
    at_ms    BIGINT NOT NULL,
    doc      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS suppressions (
    suppression_id VARCHAR PRIMARY KEY,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT,
    doc            VARCHAR NOT NULL
);
