export { createClickHouseEventStore } from './events';
export { createClickHouseWebhookStore, createClickHouseOutboxStore, createClickHouseScheduleStore } from './webhooks';
export { createClickHouseReadModel } from './read-model';
export { createClickHouseApiKeyStore } from './api-keys';
export { createClickHouseTokenRegistry } from './tokens';
export { createClickHouseAlertStore } from './alerts';
export { createClickHouseSuppressionStore } from './suppressions';
