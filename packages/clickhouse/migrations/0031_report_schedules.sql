-- Report schedules: the schedule as JSON, one row per version (a delete is a tombstone row).
CREATE TABLE IF NOT EXISTS report_schedules
(
    schedule_id String,
    doc         String,
    deleted     UInt8,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY schedule_id;
