-- Who changed what on an alert, and when. Append-only (plain MergeTree: every row is kept).
CREATE TABLE IF NOT EXISTS alert_audit
(
    alert_id    String,
    at          DateTime('UTC'),
    at_ms       UInt64,
    actor       String,
    action      String,
    from_status String,
    to_status   String,
    note        String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, at_ms);
