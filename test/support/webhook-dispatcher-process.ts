/**
 * A webhook dispatcher as its own process, for the restart test: real clock, ClickHouse outbox, short backoff.
 * Runs until killed. Environment: CLICKHOUSE_URL, TW_TEST_DATABASE, TW_BASE_DELAY_MS, TW_MAX_DELAY_MS,
 * TW_BATCH_SIZE.
 */
import { openClickHouse } from '@tokenwatch/clickhouse';
import { createClickHouseOutboxStore, createClickHouseWebhookStore } from '@tokenwatch/store-clickhouse';
import { WebhookDispatcher } from '@tokenwatch/webhooks';

const db = await openClickHouse({ url: process.env.CLICKHOUSE_URL!, database: process.env.TW_TEST_DATABASE! });
const dispatcher = new WebhookDispatcher({
  subscriptions: createClickHouseWebhookStore(db),
  outbox: createClickHouseOutboxStore(db),
  now: () => Date.now(),
  retry: {
    baseDelayMs: Number(process.env.TW_BASE_DELAY_MS ?? 100),
    maxDelayMs: Number(process.env.TW_MAX_DELAY_MS ?? 400),
    maxAttempts: 1000,
  },
  timeoutMs: 2000,
  batchSize: Number(process.env.TW_BATCH_SIZE ?? 50),
});
dispatcher.start(50, (error) => console.error('round failed:', error));
console.log('dispatcher running');
