import { join, sql, type ClickHouse, type Sql } from '@tokenwatch/clickhouse';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import type { EventQuery, EventStore, IpFailureQuery, IpFailureReader } from '@tokenwatch/store';
import { EVENT_INSERT_COLUMNS, deadLetterToRow, encodeEventRows, rowToDeadLetter, rowToEvent } from './event-rows';

const SELECT_EVENT = sql`event_id, schema_version, source, source_event_type, kind, occurred_at_ms, received_at_ms,
  token_id, token_name, owner_id, owner_email, tenant, site, ip, invoked_by, asn, country, user_agent, request_method,
  request_path, outcome, outcome_reason, scopes, expires_at_ms, raw`;

function where(query: EventQuery, withCursor: boolean): Sql {
  const conditions: Sql[] = [sql`1 = 1`];
  // The DateTime column is the partition and sort key; filter on it too so ClickHouse can prune.
  if (query.from !== undefined) {
    conditions.push(
      sql`occurred_at >= toDateTime(${Math.floor(query.from / 1000)})`,
      sql`occurred_at_ms >= ${query.from}`,
    );
  }
  if (query.to !== undefined) {
    conditions.push(sql`occurred_at <= toDateTime(${Math.floor(query.to / 1000)})`, sql`occurred_at_ms < ${query.to}`);
  }
  if (query.tokenIds !== undefined) conditions.push(sql`token_id IN (${join(query.tokenIds.map((id) => sql`${id}`))})`);
  if (withCursor && query.after) {
    const { occurred_at, event_id } = query.after;
    conditions.push(
      sql`(occurred_at_ms > ${occurred_at} OR (occurred_at_ms = ${occurred_at} AND event_id > ${event_id}))`,
    );
  }
  return join(conditions, ' AND ');
}

/**
 * EventStore on ClickHouse. Writes are idempotent because `events` is a ReplacingMergeTree keyed by
 * (token_id, occurred_at, event_id): a redelivered batch collapses on merge, and reads use FINAL / uniqExact so
 * they are exact before the merge happens.
 */
export function createClickHouseEventStore(db: ClickHouse): EventStore & IpFailureReader {
  return {
    async appendEvents(events: readonly TokenEvent[]) {
      await db.insertRowBinary('events', EVENT_INSERT_COLUMNS, encodeEventRows(events));
    },
    async appendDeadLetters(records: readonly DeadLetter[]) {
      await db.insert('dead_letters', records.map(deadLetterToRow));
    },
    async readEvents(query: EventQuery) {
      if (query.tokenIds?.length === 0) return [];
      const limit = query.limit ?? 10_000;
      const rows = await db.query<unknown>(
        sql`SELECT ${SELECT_EVENT} FROM events FINAL WHERE ${where(query, true)}
            ORDER BY occurred_at_ms, event_id LIMIT ${limit}`,
      );
      return rows.map(rowToEvent);
    },
    async countEvents(query: EventQuery) {
      if (query.tokenIds?.length === 0) return 0;
      const [row] = await db.query<{ n: string }>(
        sql`SELECT uniqExact(event_id) AS n FROM events WHERE ${where(query, false)}`,
      );
      return Number(row?.n ?? 0);
    },
    async readDeadLetters(query: { limit?: number; reason?: string }) {
      const filter = query.reason === undefined ? sql`1 = 1` : sql`reason = ${query.reason}`;
      const rows = await db.query<unknown>(
        sql`SELECT dead_letter_id, received_at_ms, origin, source, reason, field_path, raw, raw_encoding
            FROM dead_letters FINAL WHERE ${filter} ORDER BY received_at_ms DESC, dead_letter_id LIMIT ${query.limit ?? 1000}`,
      );
      return rows.map(rowToDeadLetter);
    },
    async readIpFailures(query: IpFailureQuery) {
      const failures = sql`${where({ from: query.from, to: query.to }, false)} AND ip != ''
        AND (kind = 'token.auth_failed' OR (kind = 'token.used' AND outcome = 'failure'))`;
      const rows = await db.query<{ ip: string; token_id: string; occurred_at_ms: string | number; event_id: string }>(
        sql`SELECT ip, token_id, occurred_at_ms, event_id FROM events FINAL
            WHERE ${failures} AND ip IN (
              SELECT ip FROM events WHERE ${failures} GROUP BY ip
              HAVING uniqExact(event_id) >= ${query.minFailures} AND uniqExact(token_id) >= ${query.minTokens})
            ORDER BY ip, occurred_at_ms, event_id LIMIT ${query.limit ?? 100_000}`,
      );
      return rows.map((r) => ({
        ip: r.ip,
        token_id: r.token_id,
        occurred_at: Number(r.occurred_at_ms),
        event_id: r.event_id,
      }));
    },
    async countDeadLetters() {
      const [row] = await db.query<{ n: string }>(sql`SELECT uniqExact(dead_letter_id) AS n FROM dead_letters`);
      return Number(row?.n ?? 0);
    },
  };
}
