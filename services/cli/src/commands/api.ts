import { loadApiEnv, startApi } from '@tokenwatch/api';

/** `tokenwatch api`: serve the HTTP API over ClickHouse until SIGINT/SIGTERM. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(
      'usage: tokenwatch api\n\nServes the HTTP API (/v1, OpenAPI at /docs) over ClickHouse. Settings: API_HOST, ' +
        'API_PORT, CLICKHOUSE_*, API_RATE_LIMIT_PER_MINUTE, API_INGEST_BODY_LIMIT_BYTES, API_KEY_CACHE_TTL, ' +
        'API_LOG_LEVEL (see README). Create a first key with `tokenwatch apikey create`.',
    );
    return 0;
  }
  const app = await startApi(loadApiEnv());
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  return 0;
}
