import { randomBytes } from 'node:crypto';
import { dropDatabase, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';

export interface TestServices {
  clickhouseUrl: string;
  kafkaBrokers: string[];
}

/**
 * Where the real services are. `npm test` (scripts/test.sh) starts them and exports these variables; a test
 * run without them fails loudly instead of silently testing nothing.
 */
export function testServices(): TestServices {
  const clickhouseUrl = process.env.CLICKHOUSE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!clickhouseUrl || !brokers) {
    throw new Error(
      'CLICKHOUSE_URL and KAFKA_BROKERS must point at running services. Run `npm test`, or ' +
        '`eval "$(bash scripts/services.sh up && bash scripts/services.sh env)"` before vitest.',
    );
  }
  return { clickhouseUrl, kafkaBrokers: brokers.split(',').map((b) => b.trim()) };
}

/** A name no other test run uses: for databases, topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * Gives a test its own migrated ClickHouse database and drops it afterwards, so runs never see each other's rows.
 */
export async function withTestDatabase<T>(
  fn: (db: ClickHouse) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const { clickhouseUrl } = testServices();
  const database = uniqueName('tw_test');
  const db = await openClickHouse({ url: clickhouseUrl, database });
  try {
    if (options.migrate !== false) await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
    await dropDatabase({ url: clickhouseUrl }, database);
  }
}
