import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '@tokenwatch/store-contract';
import { openDuckDbStores, type DuckDbStores } from './index';

describeEventStoreContract('DuckDB', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tw-duckdb-'));
  const path = join(dir, 'tokenwatch.duckdb');
  let stores: DuckDbStores = await openDuckDbStores(path);
  return {
    store: stores.events,
    async reopen() {
      await stores.close();
      stores = await openDuckDbStores(path);
      return stores.events;
    },
    async cleanup() {
      await stores.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
