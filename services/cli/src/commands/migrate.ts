import { loadEnv } from '@tokenwatch/config';
import { ClickHouseEnv, clickHouseOptionsFromEnv, migrate, openClickHouse } from '@tokenwatch/clickhouse';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log('usage: tokenwatch migrate\n\nApplies pending ClickHouse migrations; safe to run again.');
    return 0;
  }
  const env = loadEnv(ClickHouseEnv);
  const db = await openClickHouse(clickHouseOptionsFromEnv(env));
  try {
    const result = await migrate(db);
    console.log(
      `database ${env.CLICKHOUSE_DATABASE}: applied ${result.applied.length ? result.applied.join(', ') : 'nothing'}` +
        (result.skipped.length ? `; already applied ${result.skipped.join(', ')}` : ''),
    );
    return 0;
  } finally {
    await db.close();
  }
}
