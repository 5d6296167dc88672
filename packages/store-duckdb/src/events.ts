import { networkOf, type DeadLetter, type TokenEvent } from '@tokenwatch/schema';
import type { EventQuery, EventStore, IpFailure, IpFailureQuery, IpFailureReader } from '@tokenwatch/store';
import { placeholders, type DuckDb, type DuckParam } from './duckdb';

const EVENT_COLUMNS = [
  'event_id',
  'schema_version',
  'source',
  'source_event_type',
  'kind',
  'occurred_at',
  'received_at',
  'token_id',
  'token_name',
  'owner_id',
  'owner_email',
  'tenant',
  'site',
  'ip',
  'asn',
  'country',
  'user_agent',
  'request_method',
  'request_path',
  'has_request',
  'outcome',
  'outcome_reason',
  'scopes',
  'expires_at',
  'raw',
  'network',
  'invoked_by',
] as const;

const DEAD_LETTER_COLUMNS = [
  'dead_letter_id',
  'received_at',
  'origin',
  'source',
  'reason',
  'field_path',
  'raw',
  'raw_encoding',
] as const;

const DEFAULT_EVENT_LIMIT = 10_000;
const DEFAULT_DEAD_LETTER_LIMIT = 1000;

export function eventToRow(e: TokenEvent): DuckParam[] {
  return [
    e.event_id,
    e.schema_version,
    e.source,
    e.source_event_type,
    e.kind,
    e.occurred_at,
    e.received_at,
    e.token_id,
    e.token_name ?? null,
    e.owner_id ?? null,
    e.owner_email ?? null,
    e.tenant ?? null,
    e.site ?? null,
    e.ip ?? null,
    e.asn ?? null,
    e.country ?? null,
    e.user_agent ?? null,
    e.request?.method ?? null,
    e.request?.path ?? null,
    e.request !== undefined,
    e.outcome,
    e.outcome_reason ?? null,
    e.scopes === undefined ? null : JSON.stringify(e.scopes),
    e.expires_at ?? null,
    e.raw,
    e.ip ? networkOf(e.ip) : null,
    e.invoked_by ?? null,
  ];
}

type Row = Record<string, unknown>;

/** A stored row back to the canonical event: NULL columns become absent fields. */
export function rowToEvent(r: Row): TokenEvent {
  const event: Record<string, unknown> = {
    schema_version: r.schema_version,
    event_id: r.event_id,
    source: r.source,
    source_event_type: r.source_event_type,
    kind: r.kind,
    occurred_at: r.occurred_at,
    received_at: r.received_at,
    token_id: r.token_id,
  };
  for (const key of [
    'token_name',
    'owner_id',
    'owner_email',
    'tenant',
    'site',
    'ip',
    'invoked_by',
    'asn',
    'country',
    'user_agent',
  ]) {
    if (r[key] !== null && r[key] !== undefined) event[key] = r[key];
  }
  if (r.has_request) {
    const request: Record<string, unknown> = {};
    if (r.request_method !== null) request.method = r.request_method;
    if (r.request_path !== null) request.path = r.request_path;
    event.request = request;
  }
  event.outcome = r.outcome;
  if (r.outcome_reason !== null) event.outcome_reason = r.outcome_reason;
  if (r.scopes !== null) event.scopes = JSON.parse(r.scopes as string) as string[];
  if (r.expires_at !== null) event.expires_at = r.expires_at;
  event.raw = r.raw;
  return event as TokenEvent;
}

/** WHERE clause and its parameters for an EventQuery (without cursor, order and limit). */
export function eventFilter(query: EventQuery): { where: string; params: DuckParam[] } {
  const clauses: string[] = [];
  const params: DuckParam[] = [];
  if (query.from !== undefined) {
    clauses.push('occurred_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    clauses.push('occurred_at < ?');
    params.push(query.to);
  }
  if (query.tokenIds !== undefined) {
    if (query.tokenIds.length === 0) clauses.push('false');
    else {
      clauses.push(`token_id IN (${placeholders(query.tokenIds.length)})`);
      params.push(...query.tokenIds);
    }
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class DuckDbEventStore implements EventStore, IpFailureReader {
  constructor(private readonly db: DuckDb) {}

  async appendEvents(events: readonly TokenEvent[]): Promise<void> {
    await this.insertChunks('events', EVENT_COLUMNS, events.map(eventToRow));
  }

  async appendDeadLetters(records: readonly DeadLetter[]): Promise<void> {
    const rows = records.map((d): DuckParam[] => [
      d.dead_letter_id,
      d.received_at,
      d.origin,
      d.source,
      d.reason,
      d.field_path,
      d.raw,
      d.raw_encoding,
    ]);
    await this.insertChunks('dead_letters', DEAD_LETTER_COLUMNS, rows);
  }

  async readEvents(query: EventQuery): Promise<TokenEvent[]> {
    const { where, params } = eventFilter(query);
    let sql = `SELECT * FROM events ${where}`;
    if (query.after) {
      sql += `${where ? ' AND' : ' WHERE'} (occurred_at > ? OR (occurred_at = ? AND event_id > ?))`;
      params.push(query.after.occurred_at, query.after.occurred_at, query.after.event_id);
    }
    // Same default page as the ClickHouse store, so callers page the same way on both.
    sql += ' ORDER BY occurred_at, event_id LIMIT ?';
    params.push(query.limit ?? DEFAULT_EVENT_LIMIT);
    return (await this.db.all<Row>(sql, params)).map(rowToEvent);
  }

  async countEvents(query: EventQuery): Promise<number> {
    const { where, params } = eventFilter(query);
    const [row] = await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM events ${where}`, params);
    return row?.n ?? 0;
  }

  /** occurred_at of the newest event, for rebuilding detector state from the right point in time. */
  async latestOccurredAt(): Promise<number | undefined> {
    const [row] = await this.db.all<{ t: number | null }>('SELECT max(occurred_at) AS t FROM events');
    return row?.t ?? undefined;
  }

  async readDeadLetters(query: { limit?: number; reason?: string }): Promise<DeadLetter[]> {
    const params: DuckParam[] = [];
    let sql = 'SELECT * FROM dead_letters';
    if (query.reason !== undefined) {
      sql += ' WHERE reason = ?';
      params.push(query.reason);
    }
    sql += ' ORDER BY received_at DESC, dead_letter_id LIMIT ?';
    params.push(query.limit ?? DEFAULT_DEAD_LETTER_LIMIT);
    return this.db.all<DeadLetter>(sql, params);
  }

  async readIpFailures(query: IpFailureQuery): Promise<IpFailure[]> {
    const failures = `occurred_at >= ? AND occurred_at < ? AND ip IS NOT NULL AND ip <> ''
      AND (kind = 'token.auth_failed' OR (kind = 'token.used' AND outcome = 'failure'))`;
    return this.db.all<IpFailure>(
      `SELECT ip, token_id, occurred_at, event_id FROM events WHERE ${failures} AND ip IN (
         SELECT ip FROM events WHERE ${failures} GROUP BY ip
         HAVING count(DISTINCT event_id) >= ? AND count(DISTINCT token_id) >= ?)
       ORDER BY ip, occurred_at, event_id LIMIT ?`,
      [query.from, query.to, query.from, query.to, query.minFailures, query.minTokens, query.limit ?? 100_000],
    );
  }

  async countDeadLetters(): Promise<number> {
    const [row] = await this.db.all<{ n: number }>('SELECT count(*) AS n FROM dead_letters');
    return row?.n ?? 0;
  }

  /**
   * The batch goes through the appender into a temporary staging table, then into the table in one INSERT …
   * SELECT that skips ids already present — all in one transaction, so it is durable as a whole when the
   * promise resolves. Duplicates inside the batch are dropped first (the first one wins).
   */
  private async insertChunks(table: 'events' | 'dead_letters', columns: readonly string[], rows: DuckParam[][]) {
    if (rows.length === 0) return;
    const seen = new Set<unknown>();
    const unique = rows.filter((row) => !seen.has(row[0]) && seen.add(row[0]));
    const staging = `${table}_staging`;
    const list = columns.join(', ');
    await this.db.transaction(async (tx) => {
      await tx.run(`CREATE TEMP TABLE IF NOT EXISTS ${staging} AS SELECT ${list} FROM ${table} LIMIT 0`);
      await tx.appendTemp(staging, unique);
      await tx.run(`INSERT INTO ${table} (${list}) SELECT ${list} FROM ${staging} ON CONFLICT DO NOTHING`);
      await tx.run(`DELETE FROM ${staging}`);
    });
  }
}
