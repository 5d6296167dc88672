-- Alerts raised by the analyzer and triaged through the API. One row per alert_id after merges: every write is
-- the whole alert, and the greatest updated_at_ms wins (ReplacingMergeTree version). Exact readers take
-- argMax(…, updated_at_ms) per alert_id (or FINAL). Evidence is JSON text. Few rows (alerts, not events), so no
-- partitioning.
CREATE TABLE IF NOT EXISTS alerts
(
    alert_id         String,
    detector         String,
    severity         String,
    status           String,
    token_id         String,
    source           String,
    ip               String,
    user_agent       String,
    title            String,
    explanation      String,
    evidence         String,
    first_seen_at_ms UInt64,
    last_seen_at_ms  UInt64,
    count            UInt64,
    assignee         String,
    created_at_ms    UInt64,
    updated_at_ms    UInt64
)
ENGINE = ReplacingMergeTree(updated_at_ms)
ORDER BY alert_id;
