import { migrate, openClickHouse } from '@tokenwatch/clickhouse';
import {
  createClickHouseAlertStore,
  createClickHouseApiKeyStore,
  createClickHouseEventStore,
  createClickHouseReadModel,
  createClickHouseSuppressionStore,
} from '@tokenwatch/store-clickhouse';
import { clickHouseReporting } from '@tokenwatch/notify';
import { buildApp, type App } from './app';
import type { RecordIntake } from '@tokenwatch/intake';
import { clickHouseOptions, type ApiEnv } from './env';

/**
 * The API over ClickHouse, listening. HTTP ingest (POST /v1/events) is on only when an intake is passed in (the
 * Kafka-producing intake in scale-out, the local pipeline in embedded mode).
 */
export async function startApi(env: ApiEnv, intake?: RecordIntake): Promise<App> {
  const db = await openClickHouse(clickHouseOptions(env));
  await migrate(db);
  const app = await buildApp(
    {
      readModel: createClickHouseReadModel(db),
      alerts: createClickHouseAlertStore(db),
      suppressions: createClickHouseSuppressionStore(db),
      apiKeys: createClickHouseApiKeyStore(db),
      keyUse: createClickHouseEventStore(db),
      // Webhooks, deliveries, schedules and the compliance report; their loops run in `tokenwatch notify`.
      reporting: clickHouseReporting(db, env, Date.now),
      now: Date.now,
      ...(intake ? { intake } : {}),
    },
    {
      rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
      ingestBodyLimitBytes: env.API_INGEST_BODY_LIMIT_BYTES,
      keyCacheTtlMs: env.API_KEY_CACHE_TTL,
      logLevel: env.API_LOG_LEVEL,
    },
  );
  app.addHook('onClose', () => db.close());
  await app.listen({ host: env.API_HOST, port: env.API_PORT });
  return app;
}
