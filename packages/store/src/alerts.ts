import type { Alert, AlertAuditEntry, AlertStatus, DetectorId, Severity } from '@tokenwatch/schema';

export interface AlertQuery {
  status?: AlertStatus;
  detector?: DetectorId;
  severity?: Severity;
  token_id?: string;
  /** Inclusive lower / exclusive upper bound on last_seen_at (epoch ms). */
  from?: number;
  to?: number;
  /** Resume strictly after this position in the (last_seen_at DESC, alert_id) order. */
  after?: { last_seen_at: number; alert_id: string };
  limit?: number;
}

/**
 * Where alerts and their audit trail live.
 *
 * Contract (ClickHouse and DuckDB alike):
 * - `putAlerts` inserts or replaces alerts by `alert_id`; of two writes of one alert, the greater `updated_at`
 *   wins (ties unspecified: writers make `updated_at` grow). Writers always write the whole alert (read, change, write): the analyzer
 *   when a finding creates or repeats an alert, the API when a person triages it. Durable when it resolves.
 * - Reads return each alert once, exactly as written (evidence round-trips as JSON).
 * - `listAlerts` orders by last_seen_at descending, then alert_id; `getAlerts` ignores unknown ids.
 * - The audit trail is append-only; `readAudit` returns one alert's entries oldest first.
 *
 * A known race, accepted for simplicity: a repeat written by the analyzer in the same instant a person triages
 * the alert can overwrite the triage (both read the old version). The API re-reads after writing to detect it.
 */
export interface AlertStore {
  putAlerts(alerts: readonly Alert[]): Promise<void>;
  getAlerts(alertIds: readonly string[]): Promise<Alert[]>;
  listAlerts(query: AlertQuery): Promise<Alert[]>;
  countAlerts(query: Omit<AlertQuery, 'after' | 'limit'>): Promise<number>;
  appendAudit(entries: readonly AlertAuditEntry[]): Promise<void>;
  readAudit(alertId: string): Promise<AlertAuditEntry[]>;
}
