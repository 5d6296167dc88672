import { pino } from 'pino';
import { clickHouseOptionsFromEnv, migrate, openClickHouse } from '@tokenwatch/clickhouse';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { normaliseRecord, parseRecordBytes, tableauMappingFromSetting } from '@tokenwatch/sources';
import { createClickHouseEventStore } from '@tokenwatch/store-clickhouse';
import { startIngestConsumer } from './consumer';
import type { IngestEnv } from './env';
import { createIngestMetrics } from './metrics';
import { startMetricsServer } from './metrics-server';

/** `tokenwatch ingest`: runs until SIGTERM/SIGINT, then drains and commits before exiting. */
export async function runIngest(env: IngestEnv): Promise<void> {
  const log = pino({ name: 'ingest', level: env.LOG_LEVEL });
  const tableauMapping = tableauMappingFromSetting(env.TOKENWATCH_TABLEAU_MAPPING);
  const db = await openClickHouse(clickHouseOptionsFromEnv(env));
  const migrations = await migrate(db);
  if (migrations.applied.length > 0) log.info({ applied: migrations.applied }, 'migrations applied');

  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID });
  await ensureTopics(kafka, [
    { topic: env.INGEST_TOPIC, numPartitions: env.INGEST_TOPIC_PARTITIONS },
    { topic: env.INGEST_DLQ_TOPIC, numPartitions: 1 },
  ]);

  const metrics = createIngestMetrics();
  const server =
    env.INGEST_METRICS_PORT > 0
      ? await startMetricsServer(metrics.registry, env.INGEST_METRICS_HOST, env.INGEST_METRICS_PORT)
      : undefined;
  if (server) log.info({ url: `http://${env.INGEST_METRICS_HOST}:${env.INGEST_METRICS_PORT}/metrics` }, 'metrics');

  const consumer = await startIngestConsumer({
    kafka,
    topic: env.INGEST_TOPIC,
    dlqTopic: env.INGEST_DLQ_TOPIC,
    groupId: env.INGEST_GROUP_ID,
    store: createClickHouseEventStore(db),
    normalise: { normaliseRecord, parseRecordBytes },
    ...(tableauMapping ? { normaliseContext: { tableauMapping } } : {}),
    metrics,
    log,
    batchMaxEvents: env.INGEST_BATCH_MAX_EVENTS,
    batchMaxWaitMs: env.INGEST_BATCH_MAX_WAIT,
    flushConcurrency: env.INGEST_FLUSH_CONCURRENCY,
    fetchMaxWaitMs: env.INGEST_FETCH_MAX_WAIT,
    partitionsConcurrently: env.INGEST_PARTITIONS_CONCURRENTLY,
    retryBaseMs: env.INGEST_RETRY_BASE,
    retryCapMs: env.INGEST_RETRY_CAP,
    shutdownGraceMs: env.INGEST_SHUTDOWN_GRACE,
    sessionTimeoutMs: env.INGEST_SESSION_TIMEOUT,
  });

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down: draining in-flight batches');
      resolve();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  await consumer.stop();
  server?.close();
  await db.close();
}
