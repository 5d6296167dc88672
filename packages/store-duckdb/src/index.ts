export { openDuckDb, type DuckDb, type DuckQuerier, type DuckParam } from './duckdb';
export { migrateDuckDb, DUCKDB_MIGRATIONS_DIR } from './migrate';
export { DuckDbEventStore } from './events';
export { DuckDbWebhookStore, DuckDbOutboxStore, DuckDbScheduleStore } from './webhooks';
export { DuckDbAnalyzerCheckpoint } from './checkpoint';
export { openDuckDbStores, type DuckDbStores } from './stores';
