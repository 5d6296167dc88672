import { ident, join, sql, type ClickHouse, type Sql } from '@tokenwatch/clickhouse';
import {
  DeliveryAttempt,
  OutboxEntry,
  ReportSchedule,
  WebhookSubscription,
  type DeliveryState,
} from '@tokenwatch/schema';
import type { OutboxStore, ScheduleStore, WebhookStore } from '@tokenwatch/store';
import type { z } from 'zod';
import { toDateTimeText } from './time';

/** A table of JSON documents, one row per version, newest wins; deletes are tombstones. */
function documentTable<T>(db: ClickHouse, table: string, key: string, schema: z.ZodType<T>) {
  const latest = (filter: Sql) =>
    sql`SELECT ${ident(key)} AS id, argMax(doc, version) AS d, argMax(deleted, version) AS gone, max(version) AS v
        FROM ${ident(table)} WHERE ${filter} GROUP BY ${ident(key)}`;
  const read = async (filter: Sql) => db.query<{ id: string; d: string; gone: number; v: string }>(latest(filter));
  return {
    async put(id: string, doc: T): Promise<void> {
      const [current] = await read(sql`${ident(key)} = ${id}`);
      await db.insert(table, [
        { [key]: id, doc: JSON.stringify(doc), deleted: 0, version: Number(current?.v ?? 0) + 1 },
      ]);
    },
    async get(id: string): Promise<T | undefined> {
      const [row] = await read(sql`${ident(key)} = ${id}`);
      return row && Number(row.gone) === 0 ? schema.parse(JSON.parse(row.d)) : undefined;
    },
    async list(): Promise<T[]> {
      const rows = await read(sql`1 = 1`);
      return rows
        .filter((r) => Number(r.gone) === 0)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((r) => schema.parse(JSON.parse(r.d)));
    },
    async remove(id: string): Promise<boolean> {
      const [current] = await read(sql`${ident(key)} = ${id}`);
      if (!current || Number(current.gone) === 1) return false;
      await db.insert(table, [{ [key]: id, doc: current.d, deleted: 1, version: Number(current.v) + 1 }]);
      return true;
    },
  };
}

export function createClickHouseWebhookStore(db: ClickHouse): WebhookStore {
  const docs = documentTable(db, 'webhook_subscriptions', 'subscription_id', WebhookSubscription);
  return {
    putSubscription: (s) => docs.put(s.subscription_id, s),
    getSubscription: (id) => docs.get(id),
    listSubscriptions: () => docs.list(),
    deleteSubscription: (id) => docs.remove(id),
  };
}

export function createClickHouseScheduleStore(db: ClickHouse): ScheduleStore {
  const docs = documentTable(db, 'report_schedules', 'schedule_id', ReportSchedule);
  return {
    putSchedule: (s) => docs.put(s.schedule_id, s),
    getSchedule: (id) => docs.get(id),
    listSchedules: () => docs.list(),
    deleteSchedule: (id) => docs.remove(id),
  };
}

const outboxRow = (e: OutboxEntry) => ({
  delivery_id: e.delivery_id,
  subscription_id: e.subscription_id,
  alert_id: e.alert_id,
  event: e.event,
  body: e.body,
  content_type: e.content_type,
  state: e.state,
  attempts: e.attempts,
  next_attempt_at_ms: e.next_attempt_at,
  last_status_code: e.last_status_code,
  last_error: e.last_error,
  created_at: toDateTimeText(e.created_at),
  created_at_ms: e.created_at,
  updated_at_ms: e.updated_at,
  version: e.version,
});

// Aliases differ from column names: old ClickHouse resolves an alias equal to a column name inside aggregates.
const LATEST_OUTBOX = sql`SELECT delivery_id,
    any(subscription_id) AS v_subscription_id, any(alert_id) AS v_alert_id, any(event) AS v_event,
    any(body) AS v_body, any(content_type) AS v_content_type, argMax(state, version) AS v_state,
    argMax(attempts, version) AS v_attempts, argMax(next_attempt_at_ms, version) AS v_next,
    argMax(last_status_code, version) AS v_code, argMax(last_error, version) AS v_error,
    any(created_at_ms) AS v_created, argMax(updated_at_ms, version) AS v_updated, max(version) AS v_version
  FROM webhook_outbox`;

interface LatestRow {
  delivery_id: string;
  v_subscription_id: string;
  v_alert_id: string;
  v_event: string;
  v_body: string;
  v_content_type: string;
  v_state: DeliveryState;
  v_attempts: number | string;
  v_next: number | string;
  v_code: number | string;
  v_error: string;
  v_created: number | string;
  v_updated: number | string;
  v_version: number | string;
}

const fromLatest = (r: LatestRow): OutboxEntry => ({
  delivery_id: r.delivery_id,
  subscription_id: r.v_subscription_id,
  alert_id: r.v_alert_id,
  event: r.v_event,
  body: r.v_body,
  content_type: r.v_content_type,
  state: r.v_state,
  attempts: Number(r.v_attempts),
  next_attempt_at: Number(r.v_next),
  last_status_code: Number(r.v_code),
  last_error: r.v_error,
  created_at: Number(r.v_created),
  updated_at: Number(r.v_updated),
  version: Number(r.v_version),
});

/**
 * The outbox on ClickHouse: an append-only ReplacingMergeTree(version) read with argMax per delivery, so the
 * newest state wins before and after merges. Durable when a call resolves: a new process continues from it.
 */
export function createClickHouseOutboxStore(db: ClickHouse): OutboxStore {
  const latest = async (where: Sql, having: Sql, order: Sql, limit: number) =>
    (
      await db.query<LatestRow>(sql`${LATEST_OUTBOX} WHERE ${where} GROUP BY delivery_id HAVING ${having}
      ORDER BY ${order} LIMIT ${limit}`)
    ).map(fromLatest);
  return {
    async enqueue(entries) {
      if (entries.length === 0) return 0;
      const ids = [...new Set(entries.map((e) => e.delivery_id))];
      const existing = new Set(
        (
          await db.query<{ delivery_id: string }>(
            sql`SELECT DISTINCT delivery_id FROM webhook_outbox WHERE delivery_id IN (${join(ids.map((id) => sql`${id}`))})`,
          )
        ).map((r) => r.delivery_id),
      );
      const fresh = entries.filter((e) => !existing.has(e.delivery_id) && existing.add(e.delivery_id));
      await db.insert(
        'webhook_outbox',
        fresh.map((e) => outboxRow(OutboxEntry.parse(e))),
      );
      return fresh.length;
    },
    async due(now, limit) {
      // Two steps, so the poll that runs every second never reads the bodies of the whole history: first the due
      // ids from the narrow columns only (pre-filtered to deliveries with a due pending row; merges leave settled
      // deliveries without one), then the full newest rows of just those ids, by primary key.
      const ids = await db.query<{ delivery_id: string }>(
        sql`SELECT delivery_id FROM webhook_outbox
            WHERE delivery_id IN (SELECT delivery_id FROM webhook_outbox
                                  WHERE state = 'pending' AND next_attempt_at_ms <= ${now})
            GROUP BY delivery_id
            HAVING argMax(state, version) = 'pending' AND argMax(next_attempt_at_ms, version) <= ${now}
            ORDER BY argMax(next_attempt_at_ms, version), delivery_id LIMIT ${limit}`,
      );
      if (ids.length === 0) return [];
      return latest(
        sql`delivery_id IN (${join(ids.map((r) => sql`${r.delivery_id}`))})`,
        sql`v_state = 'pending' AND v_next <= ${now}`,
        sql`v_next, delivery_id`,
        limit,
      );
    },
    async update(entries) {
      await db.insert(
        'webhook_outbox',
        entries.map((e) => outboxRow(OutboxEntry.parse(e))),
      );
    },
    async get(id) {
      const [entry] = await latest(sql`delivery_id = ${id}`, sql`1 = 1`, sql`delivery_id`, 1);
      return entry;
    },
    list(q) {
      const where = q.subscriptionId === undefined ? sql`1 = 1` : sql`subscription_id = ${q.subscriptionId}`;
      const having = q.state === undefined ? sql`1 = 1` : sql`v_state = ${q.state}`;
      return latest(where, having, sql`v_created DESC, delivery_id`, q.limit ?? 100);
    },
    async appendAttempts(attempts) {
      await db.insert(
        'webhook_delivery_attempts',
        attempts.map((a) => {
          const attempt = DeliveryAttempt.parse(a);
          return { ...attempt, at: toDateTimeText(attempt.at), at_ms: attempt.at };
        }),
      );
    },
    async listAttempts(q) {
      const conditions = [sql`1 = 1`];
      if (q.deliveryId !== undefined) conditions.push(sql`delivery_id = ${q.deliveryId}`);
      if (q.subscriptionId !== undefined) conditions.push(sql`subscription_id = ${q.subscriptionId}`);
      const rows = await db.query<Record<string, string | number>>(
        sql`SELECT delivery_id, subscription_id, alert_id, event, attempt, at_ms, outcome, status_code, latency_ms, error
            FROM webhook_delivery_attempts WHERE ${join(conditions, ' AND ')}
            ORDER BY at_ms DESC, attempt DESC LIMIT ${q.limit ?? 100}`,
      );
      return rows.map((r) =>
        DeliveryAttempt.parse({
          delivery_id: r.delivery_id,
          subscription_id: r.subscription_id,
          alert_id: r.alert_id,
          event: r.event,
          attempt: Number(r.attempt),
          at: Number(r.at_ms),
          outcome: r.outcome,
          status_code: Number(r.status_code),
          latency_ms: Number(r.latency_ms),
          error: r.error,
        }),
      );
    },
  };
}
