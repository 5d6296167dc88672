import { loadApiEnv, startApi } from '@tokenwatch/api';
import { loadCollectorEnv, startKafkaCollector } from '@tokenwatch/ingest';

/** `tokenwatch api`: serve the HTTP API over ClickHouse until SIGINT/SIGTERM. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(
      'usage: tokenwatch api\n\nServes the HTTP API (/v1, OpenAPI at /docs) over ClickHouse. Settings: API_HOST, ' +
        'API_PORT, CLICKHOUSE_*, API_RATE_LIMIT_PER_MINUTE, API_INGEST_BODY_LIMIT_BYTES, API_KEY_CACHE_TTL, ' +
        'API_LOG_LEVEL, API_INGEST, KAFKA_BROKERS, INGEST_TOPIC (see README). Create a first key with `tokenwatch apikey create`.',
    );
    return 0;
  }
  const apiEnv = loadApiEnv();
  // Scale-out HTTP ingest: POST /v1/events produces to Kafka (API_INGEST=off serves no ingest route).
  const collector = await startKafkaCollector(loadCollectorEnv());
  const app = await startApi(apiEnv, collector?.intake);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await collector?.close();
  return 0;
}
