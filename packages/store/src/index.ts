export type { EventStore, EventQuery, EventCursor } from './events';
export type { WebhookStore, OutboxStore, ScheduleStore } from './webhooks';
