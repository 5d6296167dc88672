import { clickHouseOptionsFromEnv, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import {
  createClickHouseAlertStore,
  createClickHouseOutboxStore,
  createClickHouseScheduleStore,
  createClickHouseTokenRegistry,
  createClickHouseWebhookStore,
} from '@tokenwatch/store-clickhouse';
import type { HttpPost } from '@tokenwatch/webhooks';
import { startBackground } from './background';
import { startAlertConsumer, type AlertConsumer } from './consumer';
import { reportingSettings, type NotifyEnv, type ReportingEnv } from './env';
import { createReporting, type Reporting } from './reporting';

/** The reporting side over ClickHouse: what `tokenwatch api` serves and `tokenwatch notify` runs. */
export function clickHouseReporting(
  db: ClickHouse,
  env: ReportingEnv,
  now: () => number,
  options: { post?: HttpPost } = {},
): Reporting {
  const settings = reportingSettings(env, 'reports');
  return createReporting(
    {
      subscriptions: createClickHouseWebhookStore(db),
      outbox: createClickHouseOutboxStore(db),
      schedules: createClickHouseScheduleStore(db),
      compliance: { tokens: createClickHouseTokenRegistry(db), alerts: createClickHouseAlertStore(db) },
    },
    { ...settings, dispatcher: { ...settings.dispatcher, ...(options.post ? { post: options.post } : {}) } },
    now,
  );
}

export interface RunningNotify {
  reporting: Reporting;
  consumer: AlertConsumer;
  stop(): Promise<void>;
}

/**
 * `tokenwatch notify`: alerts from `token-alerts` into the outbox, the dispatcher loop that delivers them, and
 * the report scheduler — one process per deployment (see startBackground for why only one).
 */
export async function startNotify(
  env: NotifyEnv,
  options: { now?: () => number; log?: (line: string) => void; post?: HttpPost } = {},
): Promise<RunningNotify> {
  const now = options.now ?? Date.now;
  const log =
    options.log ?? (env.NOTIFY_LOG_LEVEL === 'silent' ? () => undefined : (line: string) => console.log(line));
  const db = await openClickHouse(clickHouseOptionsFromEnv(env));
  try {
    await migrate(db);
    const reporting = clickHouseReporting(db, env, now, options.post ? { post: options.post } : {});
    const consumer = await startAlertConsumer({
      brokers: env.KAFKA_BROKERS,
      clientId: env.NOTIFY_CLIENT_ID,
      groupId: env.NOTIFY_GROUP_ID,
      topic: env.NOTIFY_ALERTS_TOPIC,
      sessionTimeoutMs: env.NOTIFY_SESSION_TIMEOUT,
      dispatcher: reporting.dispatcher,
      log,
    });
    const background = startBackground(reporting, {
      pollIntervalMs: env.WEBHOOK_POLL_INTERVAL,
      scheduleIntervalMs: env.REPORT_SCHEDULE_INTERVAL,
      log,
    });
    log(
      `notify: consuming ${env.NOTIFY_ALERTS_TOPIC} as group ${env.NOTIFY_GROUP_ID}; reports in ${reporting.reportsRoot}`,
    );
    return {
      reporting,
      consumer,
      async stop() {
        // Stop taking alerts first, then let the round in progress finish and record its attempts.
        await consumer.stop();
        await background.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
