import { dropDatabase, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import {
  describeOutboxStoreContract,
  describeScheduleStoreContract,
  describeWebhookStoreContract,
  type MakeStore,
} from '@tokenwatch/store-contract';
import { testServices, uniqueName } from '@tokenwatch/testkit';
import { createClickHouseOutboxStore, createClickHouseScheduleStore, createClickHouseWebhookStore } from './index';

function harness<S>(create: (db: ClickHouse) => S): MakeStore<S> {
  return async () => {
    const { clickhouseUrl } = testServices();
    const database = uniqueName('tw_contract');
    let db = await openClickHouse({ url: clickhouseUrl, database });
    await migrate(db);
    return {
      store: create(db),
      async reopen() {
        await db.close();
        db = await openClickHouse({ url: clickhouseUrl, database });
        return create(db);
      },
      async cleanup() {
        await db.close();
        await dropDatabase({ url: clickhouseUrl }, database);
      },
    };
  };
}

describeWebhookStoreContract('ClickHouse', harness(createClickHouseWebhookStore));
describeOutboxStoreContract('ClickHouse', harness(createClickHouseOutboxStore));
describeScheduleStoreContract('ClickHouse', harness(createClickHouseScheduleStore));
