import { ClickHouseEnv, clickHouseOptionsFromEnv } from '@tokenwatch/clickhouse';
import { z } from 'zod';
import { envDuration, loadEnv } from '@tokenwatch/config';
import { ReportingEnv } from '@tokenwatch/notify';

/**
 * `tokenwatch api` settings (documented in the README's API section), plus the webhook, report policy and
 * REPORTS_DIR settings of the webhook, schedule and compliance routes (README webhooks / reports sections).
 */
export const ApiEnv = ReportingEnv.extend({
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  ...ClickHouseEnv.shape,
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  API_INGEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  API_KEY_CACHE_TTL: envDuration('5s'),
  API_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ApiEnv = z.infer<typeof ApiEnv>;

export const loadApiEnv = (env?: Record<string, string | undefined>) => loadEnv(ApiEnv, env);

/** The ClickHouse part of the settings, shared with `tokenwatch apikey`. */
export const clickHouseOptions = (env: ApiEnv) => clickHouseOptionsFromEnv(env);
