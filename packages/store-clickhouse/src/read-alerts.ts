import { z } from 'zod';
import { sql, type ClickHouse, type Sql } from '@tokenwatch/clickhouse';
import { Alert } from '@tokenwatch/schema';
import type { AlertCursor, AlertListQuery, Page } from '@tokenwatch/store';
import { pageOf, where } from './paging';

const Num = z.coerce.number();
const AlertRow = z.object({
  alert_id: z.string(),
  detector: z.string(),
  severity: z.string(),
  status: z.string(),
  token_id: z.string(),
  source: z.string(),
  ip: z.string(),
  user_agent: z.string(),
  title: z.string(),
  explanation: z.string(),
  evidence: z.string(),
  first_seen_at_ms: Num,
  last_seen_at_ms: Num,
  count: Num,
  assignee: z.string(),
  created_at_ms: Num,
  updated_at_ms: Num,
});
const ALERT_COLUMNS = sql`alert_id, detector, severity, status, token_id, source, ip, user_agent, title, explanation,
  evidence, first_seen_at_ms, last_seen_at_ms, count, assignee, created_at_ms, updated_at_ms`;

export function alertFromRow(input: unknown): Alert {
  const r = AlertRow.parse(input);
  const alert: Record<string, unknown> = {
    alert_id: r.alert_id,
    detector: r.detector,
    severity: r.severity,
    status: r.status,
    token_id: r.token_id,
    title: r.title,
    explanation: r.explanation,
    evidence: JSON.parse(r.evidence) as unknown,
    first_seen_at: r.first_seen_at_ms,
    last_seen_at: r.last_seen_at_ms,
    count: r.count,
    created_at: r.created_at_ms,
    updated_at: r.updated_at_ms,
  };
  for (const key of ['source', 'ip', 'user_agent', 'assignee'] as const) if (r[key] !== '') alert[key] = r[key];
  return Alert.parse(alert);
}

/** `has([…], column)`: an array literal, which `IN (…)` would read as one tuple-typed value. */
const inList = (column: Sql, values: readonly string[] | undefined): Sql[] =>
  values && values.length > 0 ? [sql`has(${values}, ${column})`] : [];

export async function alertsPage(db: ClickHouse, q: AlertListQuery): Promise<Page<Alert, AlertCursor>> {
  const c: Sql[] = [
    ...inList(sql`status`, q.status),
    ...inList(sql`severity`, q.severity),
    ...inList(sql`detector`, q.detector),
  ];
  if (q.tokenId !== undefined) c.push(sql`token_id = ${q.tokenId}`);
  if (q.from !== undefined) c.push(sql`last_seen_at_ms >= ${q.from}`);
  if (q.to !== undefined) c.push(sql`last_seen_at_ms < ${q.to}`);
  if (q.after) {
    const { last_seen_at: t, alert_id: id } = q.after;
    c.push(sql`(last_seen_at_ms < ${t} OR (last_seen_at_ms = ${t} AND alert_id < ${id}))`);
  }
  const rows = await db.query(
    sql`SELECT ${ALERT_COLUMNS} FROM alerts FINAL WHERE ${where(c)}
        ORDER BY last_seen_at_ms DESC, alert_id DESC LIMIT ${q.limit + 1}`,
  );
  return pageOf(rows.map(alertFromRow), q.limit, (a) => ({ last_seen_at: a.last_seen_at, alert_id: a.alert_id }));
}
