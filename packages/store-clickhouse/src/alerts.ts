import { join, sql, type ClickHouse, type Sql } from '@tokenwatch/clickhouse';
import { Alert, AlertAuditEntry } from '@tokenwatch/schema';
import type { AlertQuery, AlertStore } from '@tokenwatch/store';
import { inList, latestRows } from './latest';
import { optional, toDateTimeText, toMs } from './time';

const COLUMNS = [
  'alert_id',
  'detector',
  'severity',
  'status',
  'token_id',
  'source',
  'ip',
  'user_agent',
  'title',
  'explanation',
  'evidence',
  'first_seen_at_ms',
  'last_seen_at_ms',
  'count',
  'assignee',
  'created_at_ms',
  'updated_at_ms',
];

function toRow(a: Alert): Record<string, unknown> {
  return {
    alert_id: a.alert_id,
    detector: a.detector,
    severity: a.severity,
    status: a.status,
    token_id: a.token_id,
    source: a.source ?? '',
    ip: a.ip ?? '',
    user_agent: a.user_agent ?? '',
    title: a.title,
    explanation: a.explanation,
    evidence: JSON.stringify(a.evidence),
    first_seen_at_ms: a.first_seen_at,
    last_seen_at_ms: a.last_seen_at,
    count: a.count,
    assignee: a.assignee ?? '',
    created_at_ms: a.created_at,
    updated_at_ms: a.updated_at,
  };
}

type Row = Record<string, string | number>;

function fromRow(r: Row): Alert {
  const alert: Record<string, unknown> = {
    alert_id: r.alert_id,
    detector: r.detector,
    severity: r.severity,
    status: r.status,
    token_id: r.token_id,
    source: optional(String(r.source)),
    ip: optional(String(r.ip)),
    user_agent: optional(String(r.user_agent)),
    title: r.title,
    explanation: r.explanation,
    evidence: JSON.parse(String(r.evidence)) as unknown,
    first_seen_at: toMs(r.first_seen_at_ms),
    last_seen_at: toMs(r.last_seen_at_ms),
    count: Number(r.count),
    assignee: optional(String(r.assignee)),
    created_at: toMs(r.created_at_ms),
    updated_at: toMs(r.updated_at_ms),
  };
  for (const k of Object.keys(alert)) if (alert[k] === undefined) delete alert[k];
  return Alert.parse(alert);
}

function filters(query: AlertQuery): Sql {
  const f: Sql[] = [sql`1 = 1`];
  if (query.status !== undefined) f.push(sql`status = ${query.status}`);
  if (query.detector !== undefined) f.push(sql`detector = ${query.detector}`);
  if (query.severity !== undefined) f.push(sql`severity = ${query.severity}`);
  if (query.token_id !== undefined) f.push(sql`token_id = ${query.token_id}`);
  if (query.from !== undefined) f.push(sql`last_seen_at_ms >= ${query.from}`);
  if (query.to !== undefined) f.push(sql`last_seen_at_ms < ${query.to}`);
  if (query.after !== undefined) {
    const { last_seen_at, alert_id } = query.after;
    f.push(sql`(last_seen_at_ms < ${last_seen_at} OR (last_seen_at_ms = ${last_seen_at} AND alert_id > ${alert_id}))`);
  }
  return join(f, ' AND ');
}

const LATEST = latestRows('alerts', 'alert_id', 'updated_at_ms', COLUMNS);

/** AlertStore on the `alerts` and `alert_audit` tables (migrations 0010, 0011); see the port for the contract. */
export function createClickHouseAlertStore(db: ClickHouse): AlertStore {
  return {
    async putAlerts(alerts) {
      await db.insert('alerts', alerts.map(toRow));
    },
    async getAlerts(alertIds) {
      if (alertIds.length === 0) return [];
      const rows = await db.query<Row>(
        sql`${latestRows('alerts', 'alert_id', 'updated_at_ms', COLUMNS, inList('alert_id', alertIds))} ORDER BY alert_id`,
      );
      return rows.map(fromRow);
    },
    async listAlerts(query) {
      const rows = await db.query<Row>(
        sql`SELECT * FROM (${LATEST}) WHERE ${filters(query)}
            ORDER BY last_seen_at_ms DESC, alert_id LIMIT ${query.limit ?? 1000}`,
      );
      return rows.map(fromRow);
    },
    async countAlerts(query) {
      const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM (${LATEST}) WHERE ${filters(query)}`);
      return Number(row?.n ?? 0);
    },
    async appendAudit(entries) {
      await db.insert(
        'alert_audit',
        entries.map((e) => ({
          alert_id: e.alert_id,
          at: toDateTimeText(e.at),
          at_ms: e.at,
          actor: e.actor,
          action: e.action,
          from_status: e.from_status ?? '',
          to_status: e.to_status ?? '',
          note: e.note ?? '',
        })),
      );
    },
    async readAudit(alertId) {
      const rows = await db.query<Row>(
        sql`SELECT alert_id, at_ms, actor, action, from_status, to_status, note FROM alert_audit
            WHERE alert_id = ${alertId} ORDER BY at_ms`,
      );
      return rows.map((r) => {
        const entry: Record<string, unknown> = {
          alert_id: r.alert_id,
          at: toMs(r.at_ms),
          actor: r.actor,
          action: r.action,
          from_status: optional(String(r.from_status)),
          to_status: optional(String(r.to_status)),
          note: optional(String(r.note)),
        };
        for (const k of Object.keys(entry)) if (entry[k] === undefined) delete entry[k];
        return AlertAuditEntry.parse(entry);
      });
    },
  };
}
