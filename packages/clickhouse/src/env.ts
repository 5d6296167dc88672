import { z } from 'zod';
import type { ClickHouseOptions } from './client';

/** The ClickHouse settings every scale-out process reads (README: each service's settings table). */
export const ClickHouseEnv = z.object({
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:18123'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only')
    .default('tokenwatch'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
});
export type ClickHouseEnv = z.infer<typeof ClickHouseEnv>;

export const clickHouseOptionsFromEnv = (env: ClickHouseEnv): ClickHouseOptions => ({
  url: env.CLICKHOUSE_URL,
  database: env.CLICKHOUSE_DATABASE,
  username: env.CLICKHOUSE_USER,
  password: env.CLICKHOUSE_PASSWORD,
});
