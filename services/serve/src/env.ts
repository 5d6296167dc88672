import { z } from 'zod';
import { envBoolean, envDuration, envList, loadEnv } from '@tokenwatch/config';
import { ReportingEnv } from '@tokenwatch/notify';

/**
 * `tokenwatch serve` settings (command-line flags override them), plus the webhook and report settings shared with
 * the scale-out processes. Documented in the README settings tables.
 */
export const ServeEnv = ReportingEnv.extend({
  TOKENWATCH_DATA_DIR: z.string().default('.data'),
  TOKENWATCH_HOST: z.string().default('127.0.0.1'),
  TOKENWATCH_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  TOKENWATCH_DEMO: envBoolean(false),
  TOKENWATCH_IMPORT: envList(''),
  TOKENWATCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  ANALYZER_GEOIP: envBoolean(true),
  DETECTOR_SETTINGS_FILE: z.string().optional(),
  TOKENWATCH_TABLEAU_MAPPING: z.string().optional(),
  ANALYZER_POLICY_INTERVAL: envDuration('1h'),
  ANALYZER_IP_SPRAY_INTERVAL: envDuration('30s'),
  ANALYZER_SILENCE_CHECK: envDuration('1m'),
});
export type ServeEnv = z.infer<typeof ServeEnv>;

export function loadServeEnv(env: Record<string, string | undefined> = process.env): ServeEnv {
  return loadEnv(ServeEnv, env);
}
