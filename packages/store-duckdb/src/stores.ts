import { DuckDbAnalyzerCheckpoint } from './checkpoint';
import { openDuckDb, type DuckDb } from './duckdb';
import { DuckDbEventStore } from './events';
import { migrateDuckDb } from './migrate';
import { DuckDbOutboxStore, DuckDbScheduleStore, DuckDbWebhookStore } from './webhooks';

/** Every store of the embedded mode, over one migrated DuckDB file. */
export interface DuckDbStores {
  db: DuckDb;
  events: DuckDbEventStore;
  checkpoint: DuckDbAnalyzerCheckpoint;
  webhooks: DuckDbWebhookStore;
  outbox: DuckDbOutboxStore;
  schedules: DuckDbScheduleStore;
  close(): Promise<void>;
}

export async function openDuckDbStores(path: string): Promise<DuckDbStores> {
  const db = await openDuckDb(path);
  try {
    await migrateDuckDb(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    db,
    events: new DuckDbEventStore(db),
    checkpoint: new DuckDbAnalyzerCheckpoint(db),
    webhooks: new DuckDbWebhookStore(db),
    outbox: new DuckDbOutboxStore(db),
    schedules: new DuckDbScheduleStore(db),
    close: () => db.close(),
  };
}
