-- Webhook subscriptions, the persistent outbox with its delivery log, and report schedules. Whole records are
-- kept as JSON (`doc`); the other columns filter, order and pick the newest version.
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    subscription_id VARCHAR PRIMARY KEY,
    created_at      BIGINT NOT NULL,
    doc             VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS outbox (
    delivery_id     VARCHAR PRIMARY KEY,
    subscription_id VARCHAR NOT NULL,
    state           VARCHAR NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    version         BIGINT NOT NULL,
    doc             VARCHAR NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS delivery_attempts_seq;
CREATE TABLE IF NOT EXISTS delivery_attempts (
    seq             BIGINT NOT NULL DEFAULT nextval('delivery_attempts_seq'),
    delivery_id     VARCHAR NOT NULL,
    subscription_id VARCHAR NOT NULL,
    at_ms           BIGINT NOT NULL,
    doc             VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS report_schedules (
    schedule_id VARCHAR PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    doc         VARCHAR NOT NULL
);
