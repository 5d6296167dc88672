import type { RecordIntake } from '@tokenwatch/intake';
import type { Alert, AlertAuditEntry, Suppression } from '@tokenwatch/schema';
import type { ApiKeyStore, EventStore, ReadModel } from '@tokenwatch/store';

/**
 * The analyzer's AlertStore and SuppressionStore ports, as far as the API uses them.
 * TODO(reconcile): import both from @tokenwatch/store once the analyzer's ports are on main.
 */
export interface AlertTriageStore {
  putAlerts(alerts: readonly Alert[]): Promise<void>;
  getAlerts(alertIds: readonly string[]): Promise<Alert[]>;
  appendAudit(entries: readonly AlertAuditEntry[]): Promise<void>;
  /** Oldest first. */
  readAudit(alertId: string): Promise<AlertAuditEntry[]>;
}

export interface SuppressionRegistry {
  putSuppression(suppression: Suppression): Promise<void>;
  deleteSuppression(suppressionId: string): Promise<void>;
  getSuppression(suppressionId: string): Promise<Suppression | undefined>;
  /** Not expired at `activeAt` (all without it); ordered by created_at, then suppression_id. */
  listSuppressions(query: { activeAt?: number }): Promise<Suppression[]>;
}

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
  now: () => number;
}

export interface AppOptions {
  /** Requests per minute per API key (per client IP for unauthenticated requests). */
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
