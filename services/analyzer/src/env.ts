import { ClickHouseEnv } from '@tokenwatch/clickhouse';
import { z } from 'zod';
import { envBoolean, envDuration, envList, loadEnv } from '@tokenwatch/config';
import { TOPICS } from '@tokenwatch/kafka';
import { PolicyEnv } from '@tokenwatch/policy';

/** The analyzer's settings; every variable is in the README's analyzer settings table. */
export const AnalyzerEnv = z.object({
  ...ClickHouseEnv.shape,
  KAFKA_BROKERS: envList('127.0.0.1:19092'),
  ANALYZER_TOPIC: z.string().min(1).default(TOPICS.authEvents),
  ANALYZER_ALERTS_TOPIC: z.string().min(1).default(TOPICS.alerts),
  ANALYZER_GROUP_ID: z.string().min(1).default('tokenwatch-analyzer'),
  ANALYZER_CLIENT_ID: z.string().min(1).default('tokenwatch-analyzer'),
  ANALYZER_SESSION_TIMEOUT: envDuration('30s'),
  ANALYZER_PUBLISH_ALERTS: envBoolean(true),
  ANALYZER_REGISTRY_FLUSH: envDuration('2s'),
  ANALYZER_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(3),
  ANALYZER_SUPPRESSIONS_REFRESH: envDuration('30s'),
  ANALYZER_SILENCE_CHECK: envDuration('1m'),
  ANALYZER_FETCH_MAX_WAIT: envDuration('500ms'),
  ANALYZER_FETCH_PARTITION_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  ANALYZER_GEOIP: envBoolean(true),
  DETECTOR_SETTINGS_FILE: z.string().optional(),
  TOKENWATCH_TABLEAU_MAPPING: z.string().optional(),
  /** Scheduled policy checks over the registry (0s: off); thresholds are the REPORT_* policy settings. */
  ANALYZER_POLICY_INTERVAL: envDuration('1h'),
  /** The per-IP failure scan across tokens (0s: off); thresholds are the ipSpray* detector settings. */
  ANALYZER_IP_SPRAY_INTERVAL: envDuration('30s'),
  ...PolicyEnv.shape,
});
export type AnalyzerEnv = z.infer<typeof AnalyzerEnv>;

export function loadAnalyzerEnv(env: Record<string, string | undefined> = process.env): AnalyzerEnv {
  return loadEnv(AnalyzerEnv, env);
}
