-- First sighting of every (token, network) pair, for "new networks per day" in the usage report without scanning
-- all event history. min() is idempotent, so redelivered events, and the backfill below overlapping what the view
-- already wrote, change nothing.
CREATE TABLE IF NOT EXISTS token_networks
(
    token_id   String,
    network    String,
    first_seen AggregateFunction(min, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (token_id, network);

CREATE MATERIALIZED VIEW IF NOT EXISTS token_networks_mv TO token_networks AS
SELECT token_id, network, minState(occurred_at_ms) AS first_seen
FROM events
WHERE network != ''
GROUP BY token_id, network;

INSERT INTO token_networks
SELECT token_id, network, minState(occurred_at_ms) AS first_seen
FROM events
WHERE network != ''
GROUP BY token_id, network;
