import { z } from 'zod';
import { loadEnv } from '@tokenwatch/config';
import { migrate, openClickHouse } from '@tokenwatch/clickhouse';

const Env = z.object({
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:18123'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only')
    .default('tokenwatch'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
});

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log('usage: tokenwatch migrate\n\nApplies pending ClickHouse migrations; safe to run again.');
    return 0;
  }
  const env = loadEnv(Env);
  const db = await openClickHouse({
    url: env.CLICKHOUSE_URL,
    database: env.CLICKHOUSE_DATABASE,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
  });
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
