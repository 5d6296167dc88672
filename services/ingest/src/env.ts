import { z } from 'zod';
import { ClickHouseEnv } from '@tokenwatch/clickhouse';
import { envDuration, envList, loadEnv } from '@tokenwatch/config';

/** Every setting of `tokenwatch ingest`; documented in README "Ingest service". */
export const IngestEnv = z.object({
  KAFKA_BROKERS: envList('127.0.0.1:19092'),
  KAFKA_CLIENT_ID: z.string().default('tokenwatch-ingest'),
  INGEST_TOPIC: z.string().default('auth-events'),
  INGEST_DLQ_TOPIC: z.string().default('auth-events-dlq'),
  INGEST_GROUP_ID: z.string().default('tokenwatch-ingest'),
  INGEST_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  ...ClickHouseEnv.shape,
  INGEST_BATCH_MAX_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  INGEST_BATCH_MAX_WAIT: envDuration('200ms'),
  INGEST_FLUSH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  INGEST_FETCH_MAX_WAIT: envDuration('100ms'),
  INGEST_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(1000).default(6),
  INGEST_RETRY_BASE: envDuration('200ms'),
  INGEST_RETRY_CAP: envDuration('10s'),
  INGEST_SHUTDOWN_GRACE: envDuration('30s'),
  INGEST_SESSION_TIMEOUT: envDuration('30s'),
  INGEST_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  INGEST_METRICS_HOST: z.string().default('127.0.0.1'),
  /** Operator's Tableau eventType → kind mapping file (README "Sources"); built-in defaults when unset. */
  TOKENWATCH_TABLEAU_MAPPING: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type IngestEnv = z.infer<typeof IngestEnv>;

export const loadIngestEnv = (env: Record<string, string | undefined> = process.env): IngestEnv =>
  loadEnv(IngestEnv, env);
