import { dropDatabase, migrate, openClickHouse } from '@tokenwatch/clickhouse';
import { describeEventStoreContract } from '@tokenwatch/store-contract';
import { testServices, uniqueName } from '@tokenwatch/testkit';
import { createClickHouseEventStore } from './index';

describeEventStoreContract('ClickHouse', async () => {
  const { clickhouseUrl } = testServices();
  const database = uniqueName('tw_contract');
  let db = await openClickHouse({ url: clickhouseUrl, database });
  await migrate(db);
  return {
    store: createClickHouseEventStore(db),
    async reopen() {
      await db.close();
      db = await openClickHouse({ url: clickhouseUrl, database });
      return createClickHouseEventStore(db);
    },
    async cleanup() {
      await db.close();
      await dropDatabase({ url: clickhouseUrl }, database);
    },
  };
});
