import { dropDatabase, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import type { MakeStore } from '@tokenwatch/store-contract';
import { testServices, uniqueName } from '@tokenwatch/testkit';

/** For the contract suites: a fresh migrated database per harness, reopened on a new connection, then dropped. */
export function clickHouseHarness<S>(create: (db: ClickHouse) => S): MakeStore<S> {
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
