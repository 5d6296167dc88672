import type { RecordIntake } from '@tokenwatch/intake';
import type { AlertStore, ApiKeyStore, EventStore, ReadModel, SuppressionStore } from '@tokenwatch/store';
import type { ReportingDeps } from './reporting';

/** What triage needs of the analyzer's AlertStore: read, write back whole alerts, append to the audit trail. */
export type AlertTriageStore = Pick<AlertStore, 'getAlerts' | 'putAlerts' | 'appendAudit' | 'readAudit'>;

/** Suppressions are the analyzer's SuppressionStore as is. */
export type SuppressionRegistry = SuppressionStore;

/** Everything the API talks to, as ports: ClickHouse in scale-out, DuckDB embedded, fakes in unit tests. */
export interface AppDeps {
  readModel: ReadModel;
  alerts: AlertTriageStore;
  suppressions: SuppressionRegistry;
  apiKeys: ApiKeyStore;
  /** Where each API key use is recorded as a TokenEvent. */
  keyUse: Pick<EventStore, 'appendEvents'>;
  /** Enables POST /v1/events when given. */
  intake?: RecordIntake;
  /** Enables webhooks, deliveries, report schedules and the compliance report when given. */
  reporting?: ReportingDeps;
  now: () => number;
}

export interface AppOptions {
  /** Requests per minute per API key, and failed authentications per minute per client address. */
  rateLimitPerMinute: number;
  /** Largest accepted request body for POST /v1/events (other routes take 64 KiB). */
  ingestBodyLimitBytes: number;
  /** How long a verified key is trusted without looking it up again (revocations through this API are instant). */
  keyCacheTtlMs: number;
  /** pino level, or false for no logging (tests). */
  logLevel: string | false;
  /** How often key-use events are written. */
  keyUseFlushMs: number;
}

export const DEFAULT_OPTIONS: AppOptions = {
  rateLimitPerMinute: 600,
  ingestBodyLimitBytes: 5 * 1024 * 1024,
  keyCacheTtlMs: 5000,
  logLevel: 'info',
  keyUseFlushMs: 1000,
};
