import { DuckDbAlertStore } from './alerts';
import { DuckDbApiKeyStore } from './api-keys';
import { DuckDbReadModel } from './read-model';
import { openDuckDb, type DuckDb } from './duckdb';
import { DuckDbEventStore } from './events';
import { migrateDuckDb } from './migrate';
import { DuckDbSuppressionStore } from './suppressions';
import { DuckDbTokenRegistry } from './tokens';
import { DuckDbOutboxStore, DuckDbScheduleStore, DuckDbWebhookStore } from './webhooks';

/** Every store of the embedded mode, over one migrated DuckDB file. */
export interface DuckDbStores {
  db: DuckDb;
  events: DuckDbEventStore;
  tokens: DuckDbTokenRegistry;
  alerts: DuckDbAlertStore;
  suppressions: DuckDbSuppressionStore;
  apiKeys: DuckDbApiKeyStore;
  readModel: DuckDbReadModel;
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
    tokens: new DuckDbTokenRegistry(db),
    alerts: new DuckDbAlertStore(db),
    suppressions: new DuckDbSuppressionStore(db),
    apiKeys: new DuckDbApiKeyStore(db),
    readModel: new DuckDbReadModel(db),
    webhooks: new DuckDbWebhookStore(db),
    outbox: new DuckDbOutboxStore(db),
    schedules: new DuckDbScheduleStore(db),
    close: () => db.close(),
  };
}
