export { createClickHouseEventStore } from './events';
export { createClickHouseWebhookStore, createClickHouseOutboxStore, createClickHouseScheduleStore } from './webhooks';
