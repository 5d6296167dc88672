-- How far the embedded analyzer got: events received at or after `received_at` may not have been analysed yet
-- (the process can stop between storing a batch and analysing it), so a restart analyses them again.
CREATE TABLE IF NOT EXISTS analyzer_checkpoint (
    id          INTEGER PRIMARY KEY,
    received_at BIGINT NOT NULL
);
