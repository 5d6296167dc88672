import { ClickHouseEnv } from '@tokenwatch/clickhouse';
import { resolve } from 'node:path';
import { z } from 'zod';
import { envDuration, envList, loadEnv } from '@tokenwatch/config';
import { TOPICS } from '@tokenwatch/kafka';
import { policyFromEnv, ReportPolicyEnv } from '@tokenwatch/reports';
import { dispatcherSettings, WebhookEnv } from '@tokenwatch/webhooks';
import type { ReportingSettings } from './reporting';

/**
 * Webhook, report policy and schedule settings, shared by `tokenwatch notify`, `tokenwatch api` and
 * `tokenwatch serve` (the API needs them for "send test", retries of dead deliveries, schedule validation and the
 * compliance report). Every variable is in the README's webhooks and reports settings tables.
 */
export const ReportingEnv = WebhookEnv.extend(ReportPolicyEnv.shape).extend({
  /** Folder destinations of report schedules must lie inside this directory. */
  REPORTS_DIR: z.string().min(1).optional(),
  REPORT_SCHEDULE_INTERVAL: envDuration('30s'),
});
export type ReportingEnv = z.infer<typeof ReportingEnv>;

/** The settings createReporting takes; `defaultReportsDir` applies when REPORTS_DIR is not set. */
export function reportingSettings(env: ReportingEnv, defaultReportsDir: string): ReportingSettings {
  return {
    dispatcher: dispatcherSettings(env),
    policy: policyFromEnv(env),
    reportsRoot: resolve(env.REPORTS_DIR ?? defaultReportsDir),
  };
}

/** `tokenwatch notify` settings. */
export const NotifyEnv = ReportingEnv.extend({
  ...ClickHouseEnv.shape,
  KAFKA_BROKERS: envList('127.0.0.1:19092'),
  NOTIFY_ALERTS_TOPIC: z.string().min(1).default(TOPICS.alerts),
  NOTIFY_GROUP_ID: z.string().min(1).default('tokenwatch-notify'),
  NOTIFY_CLIENT_ID: z.string().min(1).default('tokenwatch-notify'),
  NOTIFY_SESSION_TIMEOUT: envDuration('30s'),
  NOTIFY_LOG_LEVEL: z.enum(['info', 'silent']).default('info'),
});
export type NotifyEnv = z.infer<typeof NotifyEnv>;

export const loadNotifyEnv = (env: Record<string, string | undefined> = process.env): NotifyEnv =>
  loadEnv(NotifyEnv, env);
