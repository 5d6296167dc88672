import { migrate, openClickHouse } from '@tokenwatch/clickhouse';
import {
  createClickHouseApiKeyStore,
  createClickHouseEventStore,
  createClickHouseReadModel,
} from '@tokenwatch/store-clickhouse';
import { buildApp, type App } from './app';
import type { AlertTriageStore, SuppressionRegistry } from './deps';
import { clickHouseOptions, type ApiEnv } from './env';

/**
 * `tokenwatch api`: the API over ClickHouse, listening until SIGINT/SIGTERM. HTTP ingest (POST /v1/events) is
 * off here unless an intake is passed in (the scale-out ingest command wires the Kafka intake).
 */
export async function startApi(
  env: ApiEnv,
  stores: { alerts: AlertTriageStore; suppressions: SuppressionRegistry },
): Promise<App> {
  const db = await openClickHouse(clickHouseOptions(env));
  await migrate(db);
  const app = await buildApp(
    {
      readModel: createClickHouseReadModel(db),
      alerts: stores.alerts,
      suppressions: stores.suppressions,
      apiKeys: createClickHouseApiKeyStore(db),
      keyUse: createClickHouseEventStore(db),
      now: Date.now,
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
