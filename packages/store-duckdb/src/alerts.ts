import type { Alert, AlertAuditEntry } from '@tokenwatch/schema';
import type { AlertQuery, AlertStore } from '@tokenwatch/store';
import { placeholders, rowPlaceholders, type DuckDb, type DuckParam } from './duckdb';
import { upsertNewest } from './upsert';

const COLUMNS = ['alert_id', 'detector', 'severity', 'status', 'token_id', 'last_seen_at', 'updated_at', 'doc'];

function filter(query: Omit<AlertQuery, 'limit'>): { where: string; params: DuckParam[] } {
  const clauses: string[] = [];
  const params: DuckParam[] = [];
  for (const column of ['status', 'detector', 'severity', 'token_id'] as const) {
    const value = query[column];
    if (value !== undefined) {
      clauses.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (query.from !== undefined) {
    clauses.push('last_seen_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    clauses.push('last_seen_at < ?');
    params.push(query.to);
  }
  if (query.after !== undefined) {
    // (last_seen_at DESC, alert_id ASC): strictly after = older, or as old with a greater id.
    clauses.push('(last_seen_at < ? OR (last_seen_at = ? AND alert_id > ?))');
    params.push(query.after.last_seen_at, query.after.last_seen_at, query.after.alert_id);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class DuckDbAlertStore implements AlertStore {
  constructor(private readonly db: DuckDb) {}

  async putAlerts(alerts: readonly Alert[]): Promise<void> {
    await upsertNewest(
      this.db,
      'alerts',
      COLUMNS,
      alerts.map((a) => ({
        key: a.alert_id,
        updatedAt: a.updated_at,
        values: [
          a.alert_id,
          a.detector,
          a.severity,
          a.status,
          a.token_id,
          a.last_seen_at,
          a.updated_at,
          JSON.stringify(a),
        ],
      })),
    );
  }

  async getAlerts(alertIds: readonly string[]): Promise<Alert[]> {
    if (alertIds.length === 0) return [];
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM alerts WHERE alert_id IN (${placeholders(alertIds.length)}) ORDER BY alert_id`,
      [...alertIds],
    );
    return rows.map((r) => JSON.parse(r.doc) as Alert);
  }

  async listAlerts(query: AlertQuery): Promise<Alert[]> {
    const { where, params } = filter(query);
    params.push(query.limit ?? 1000);
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM alerts ${where} ORDER BY last_seen_at DESC, alert_id LIMIT ?`,
      params,
    );
    return rows.map((r) => JSON.parse(r.doc) as Alert);
  }

  async countAlerts(query: Omit<AlertQuery, 'after' | 'limit'>): Promise<number> {
    const { where, params } = filter(query);
    const [row] = await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM alerts ${where}`, params);
    return row?.n ?? 0;
  }

  async appendAudit(entries: readonly AlertAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.run(
      `INSERT INTO alert_audit (alert_id, at_ms, doc) VALUES ${rowPlaceholders(entries.length, 3)}`,
      entries.flatMap((e) => [e.alert_id, e.at, JSON.stringify(e)]),
    );
  }

  async readAudit(alertId: string): Promise<AlertAuditEntry[]> {
    const rows = await this.db.all<{ doc: string }>(
      'SELECT doc FROM alert_audit WHERE alert_id = ? ORDER BY at_ms, seq',
      [alertId],
    );
    return rows.map((r) => JSON.parse(r.doc) as AlertAuditEntry);
  }
}
