import { openDuckDb, type DuckDb } from './duckdb';
import { DuckDbEventStore } from './events';
import { migrateDuckDb } from './migrate';

/** Every store of the embedded mode, over one migrated DuckDB file. */
export interface DuckDbStores {
  db: DuckDb;
  events: DuckDbEventStore;
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
  return { db, events: new DuckDbEventStore(db), close: () => db.close() };
}
