export {
  TokenEvent,
  EpochMs,
  IpAddress,
  SOURCES,
  EVENT_KINDS,
  OUTCOMES,
  TOKEN_EVENT_SCHEMA_VERSION,
  RAW_MAX_BYTES,
  type Source,
  type EventKind,
  type Outcome,
} from './token-event';
export { DeadLetter } from './dead-letter';
export { Token, InventoryToken, InventorySnapshot, TOKEN_STATUSES, type TokenStatus } from './token';
export {
  Alert,
  AlertAuditEntry,
  Evidence,
  Suppression,
  SEVERITIES,
  ALERT_STATUSES,
  DETECTOR_IDS,
  type Severity,
  type AlertStatus,
  type DetectorId,
} from './alert';
export { isTokenEvent } from './token-event-check';
export { eventIdFromRaw, networkOf, normaliseIp, truncateRaw } from './helpers';
export { CanonicalEventInput, TimeInput } from './canonical-input';
export { tokenEventJsonSchemas } from './json-schema';
export {
  WebhookSubscription,
  OutboxEntry,
  DeliveryAttempt,
  WEBHOOK_FORMATS,
  DELIVERY_STATES,
  type WebhookFormat,
  type DeliveryState,
} from './webhook';
export { ReportSchedule, REPORT_FORMAT_NAMES } from './schedule';
