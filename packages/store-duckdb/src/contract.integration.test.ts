import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeAlertStoreContract,
  describeApiKeyStoreContract,
  describeReadModelContract,
  describeEventStoreContract,
  describeIpFailureContract,
  describeOutboxStoreContract,
  describeScheduleStoreContract,
  describeWebhookStoreContract,
  describeSuppressionStoreContract,
  describeTokenRegistryContract,
  type StoreHarness,
} from '@tokenwatch/store-contract';
import { openDuckDbStores, type DuckDbStores } from './index';

/** A fresh DuckDB file per test; `pick` chooses which of its stores the contract exercises. */
function duckHarness<S>(pick: (stores: DuckDbStores) => S): () => Promise<StoreHarness<S>> {
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tw-duckdb-'));
    const path = join(dir, 'tokenwatch.duckdb');
    let stores = await openDuckDbStores(path);
    return {
      store: pick(stores),
      async reopen() {
        await stores.close();
        stores = await openDuckDbStores(path);
        return pick(stores);
      },
      async cleanup() {
        await stores.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
}

describeEventStoreContract(
  'DuckDB',
  duckHarness((s) => s.events),
);
describeIpFailureContract(
  'DuckDB',
  duckHarness((s) => s.events),
);
describeTokenRegistryContract(
  'DuckDB',
  duckHarness((s) => s.tokens),
);
describeAlertStoreContract(
  'DuckDB',
  duckHarness((s) => s.alerts),
);
describeSuppressionStoreContract(
  'DuckDB',
  duckHarness((s) => s.suppressions),
);
describeWebhookStoreContract(
  'DuckDB',
  duckHarness((s) => s.webhooks),
);
describeOutboxStoreContract(
  'DuckDB',
  duckHarness((s) => s.outbox),
);
describeScheduleStoreContract(
  'DuckDB',
  duckHarness((s) => s.schedules),
);
describeReadModelContract(
  'DuckDB',
  duckHarness((s) => ({ readModel: s.readModel, events: s.events, tokens: s.tokens, alerts: s.alerts })),
);
describeApiKeyStoreContract(
  'DuckDB',
  duckHarness((s) => s.apiKeys),
);
