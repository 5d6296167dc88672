export type { EventStore, EventQuery, EventCursor, IpFailure, IpFailureQuery, IpFailureReader } from './events';
export type { WebhookStore, OutboxStore, ScheduleStore } from './webhooks';
export {
  USAGE_DIMENSIONS,
  USAGE_INTERVALS,
  type ReadModel,
  type Page,
  type TokenCursor,
  type AlertCursor,
  type TokenListQuery,
  type TimelineEvent,
  type TimelineQuery,
  type UsageDimension,
  type UsageInterval,
  type UsageQuery,
  type UsageSeries,
  type AlertListQuery,
  type UsageReportQuery,
  type UsageReport,
} from './read-model';
export { API_KEY_SCOPES, type ApiKeyScope, type ApiKeyRecord, type ApiKeyStore } from './api-keys';
export type { TokenRegistry, TokenQuery } from './tokens';
export type { AlertStore, AlertQuery } from './alerts';
export type { SuppressionStore } from './suppressions';
