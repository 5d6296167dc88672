import { z } from 'zod';
import { ident, join, sql, type ClickHouse, type Sql } from '@tokenwatch/clickhouse';
import type { Token } from '@tokenwatch/schema';
import type {
  AlertListQuery,
  ReadModel,
  TimelineEvent,
  TokenListQuery,
  UsageQuery,
  UsageReport,
  UsageReportQuery,
  UsageSeries,
} from '@tokenwatch/store';
import { alertsPage } from './read-alerts';
import { EVENT_COLUMNS, rowToEvent } from './event-rows';
import { pageOf, where } from './paging';

const Num = z.coerce.number();
const NullableNum = z.coerce.number().nullable();

const TokenRow = z.object({
  token_id: z.string(),
  source: z.string(),
  token_name: z.string(),
  owner_id: z.string(),
  owner_email: z.string(),
  tenant: z.string(),
  site: z.string(),
  status: z.string(),
  scopes: z.array(z.string()),
  created_at_ms: NullableNum,
  expires_at_ms: NullableNum,
  revoked_at_ms: NullableNum,
  last_used_at_ms: NullableNum,
  first_seen_at_ms: Num,
  updated_at_ms: Num,
});

const TOKEN_COLUMNS = sql`token_id, source, token_name, owner_id, owner_email, tenant, site, status, scopes,
  created_at_ms, expires_at_ms, revoked_at_ms, last_used_at_ms, first_seen_at_ms, updated_at_ms`;

/** Empty strings and NULLs in the table are absent fields in the domain value. */
function tokenFromRow(input: unknown): Token {
  const r = TokenRow.parse(input);
  const token: Token = {
    token_id: r.token_id,
    source: r.source as Token['source'],
    status: r.status as Token['status'],
    scopes: r.scopes,
    first_seen_at: r.first_seen_at_ms,
    updated_at: r.updated_at_ms,
  };
  for (const key of ['token_name', 'owner_id', 'owner_email', 'tenant', 'site'] as const) {
    if (r[key] !== '') token[key] = r[key];
  }
  if (r.created_at_ms !== null) token.created_at = r.created_at_ms;
  if (r.expires_at_ms !== null) token.expires_at = r.expires_at_ms;
  if (r.revoked_at_ms !== null) token.revoked_at = r.revoked_at_ms;
  if (r.last_used_at_ms !== null) token.last_used_at = r.last_used_at_ms;
  return token;
}

// The timeline is the events table without the raw record: same columns, same row mapping.
const TIMELINE_COLUMNS = join(EVENT_COLUMNS.filter((c) => c !== 'raw').map((c) => ident(c)));

function timelineFromRow(input: unknown): TimelineEvent {
  const { raw: _raw, ...event } = rowToEvent({ ...(input as object), raw: '' });
  return event;
}

const DIMENSION_EXPR: Record<UsageQuery['by'], Sql> = {
  ip: sql`ip`,
  asn: sql`toString(asn)`,
  country: sql`country`,
  user_agent: sql`user_agent`,
};
const BUCKET_EXPR: Record<UsageQuery['interval'], Sql> = {
  hour: sql`toStartOfHour(occurred_at)`,
  day: sql`toStartOfDay(occurred_at)`,
};

const epochSeconds = (ms: number) => Math.floor(ms / 1000);

export function createClickHouseReadModel(db: ClickHouse): ReadModel {
  async function rows(statement: Sql): Promise<Record<string, unknown>[]> {
    return db.query<Record<string, unknown>>(statement);
  }

  /** occurred_at is a DateTime (seconds); the ms column makes bounds exact, the DateTime one uses the index. */
  function eventTimeRange(from: number | undefined, to: number | undefined): Sql[] {
    const out: Sql[] = [];
    if (from !== undefined) {
      out.push(sql`occurred_at >= toDateTime(${epochSeconds(from)})`, sql`occurred_at_ms >= ${from}`);
    }
    if (to !== undefined) {
      out.push(sql`occurred_at <= toDateTime(${epochSeconds(to)})`, sql`occurred_at_ms < ${to}`);
    }
    return out;
  }

  return {
    async listTokens(q: TokenListQuery) {
      const c: Sql[] = [];
      if (q.status) c.push(sql`status = ${q.status}`);
      if (q.source) c.push(sql`source = ${q.source}`);
      if (q.owner !== undefined) c.push(sql`(owner_id = ${q.owner} OR owner_email = ${q.owner})`);
      if (q.staleForMs !== undefined) c.push(sql`ifNull(last_used_at_ms, 0) <= ${q.now - q.staleForMs}`);
      if (q.expiringWithinMs !== undefined) {
        c.push(sql`isNotNull(expires_at_ms)`);
        c.push(sql`ifNull(expires_at_ms, 0) >= ${q.now}`);
        c.push(sql`ifNull(expires_at_ms, 0) < ${q.now + q.expiringWithinMs}`);
      }
      if (q.after) c.push(sql`token_id > ${q.after.token_id}`);
      const found = (
        await rows(
          sql`SELECT ${TOKEN_COLUMNS} FROM tokens FINAL WHERE ${where(c)} ORDER BY token_id LIMIT ${q.limit + 1}`,
        )
      ).map(tokenFromRow);
      return pageOf(found, q.limit, (t) => ({ token_id: t.token_id }));
    },

    async getToken(tokenId) {
      const found = await rows(sql`SELECT ${TOKEN_COLUMNS} FROM tokens FINAL WHERE token_id = ${tokenId} LIMIT 1`);
      return found.length > 0 ? tokenFromRow(found[0]) : undefined;
    },

    async tokenTimeline(tokenId, q) {
      const c: Sql[] = [sql`token_id = ${tokenId}`, ...eventTimeRange(q.from, q.to)];
      if (q.after) {
        const { occurred_at: t, event_id: id } = q.after;
        c.push(sql`occurred_at <= toDateTime(${epochSeconds(t)})`);
        c.push(sql`(occurred_at_ms < ${t} OR (occurred_at_ms = ${t} AND event_id < ${id}))`);
      }
      // Duplicates (a redelivered batch not merged yet) are identical rows: keep one per event_id.
      const found = (
        await rows(
          sql`SELECT ${TIMELINE_COLUMNS} FROM events WHERE ${where(c)}
              ORDER BY occurred_at_ms DESC, event_id DESC LIMIT 1 BY event_id LIMIT ${q.limit + 1}`,
        )
      ).map(timelineFromRow);
      return pageOf(found, q.limit, (e) => ({ occurred_at: e.occurred_at, event_id: e.event_id }));
    },

    async tokenUsage(tokenId, q) {
      const key = DIMENSION_EXPR[q.by];
      const bucket = BUCKET_EXPR[q.interval];
      const scope = where([sql`token_id = ${tokenId}`, ...eventTimeRange(q.from, q.to)]);
      const found = await rows(
        sql`SELECT ${key} AS key, toUInt64(${bucket}) * 1000 AS start,
                   uniqExact(event_id) AS events, uniqExactIf(event_id, outcome = 'failure') AS failures
            FROM events
            WHERE ${scope} AND ${key} IN
              (SELECT ${key} FROM events WHERE ${scope} GROUP BY ${key}
               ORDER BY uniqExact(event_id) DESC, ${key} LIMIT ${q.limit})
            GROUP BY key, start ORDER BY key, start`,
      );
      const series = new Map<string, UsageSeries>();
      for (const row of found) {
        const k = String(row.key);
        const s = series.get(k) ?? { key: k, events: 0, failures: 0, points: [] };
        const point = { start: Number(row.start), events: Number(row.events), failures: Number(row.failures) };
        s.points.push(point);
        s.events += point.events;
        s.failures += point.failures;
        series.set(k, s);
      }
      return [...series.values()].sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : 1));
    },

    listAlerts: (q: AlertListQuery) => alertsPage(db, q),

    async usageReport(q: UsageReportQuery): Promise<UsageReport> {
      const scope = where(eventTimeRange(q.from, q.to));
      const [totals] = await rows(
        sql`SELECT uniqExact(event_id) AS events, uniqExactIf(event_id, outcome = 'failure') AS failures
            FROM events WHERE ${scope}`,
      );
      // Ranking by plain count() is cheap; exact per-event_id counts are then taken for the candidates only
      // (twice as many as asked, so a not-yet-merged duplicate cannot push a real top entry out).
      const candidates = q.limit * 2;
      const topTokens = await rows(
        sql`SELECT token_id, uniqExact(event_id) AS events, uniqExactIf(event_id, outcome = 'failure') AS failures,
                   uniqExactIf(ip, ip != '') AS distinct_ips
            FROM events WHERE ${scope} AND token_id IN
              (SELECT token_id FROM events WHERE ${scope} GROUP BY token_id ORDER BY count() DESC LIMIT ${candidates})
            GROUP BY token_id ORDER BY events DESC, token_id LIMIT ${q.limit}`,
      );
      const topIps = await rows(
        sql`SELECT ip, uniqExact(event_id) AS events, uniqExactIf(event_id, outcome = 'failure') AS failures,
                   uniqExact(token_id) AS tokens
            FROM events WHERE ${scope} AND ip IN
              (SELECT ip FROM events WHERE ${scope} AND ip != '' GROUP BY ip ORDER BY count() DESC LIMIT ${candidates})
            GROUP BY ip ORDER BY events DESC, ip LIMIT ${q.limit}`,
      );
      const byReason = await rows(
        sql`SELECT outcome_reason AS reason, uniqExact(event_id) AS events
            FROM events WHERE ${scope} AND outcome = 'failure'
            GROUP BY reason ORDER BY events DESC, reason LIMIT ${q.limit}`,
      );
      const perDay = await rows(
        sql`SELECT toUInt64(toStartOfDay(occurred_at)) * 1000 AS day, uniqExact(event_id) AS events
            FROM events WHERE ${scope} AND outcome = 'failure' GROUP BY day ORDER BY day`,
      );
      // "New" means never seen before for that token: first sightings come from the token_networks rollup.
      const newNetworks = await rows(
        sql`SELECT toUInt64(toStartOfDay(toDateTime(intDiv(first_ms, 1000)))) * 1000 AS day, count() AS networks
            FROM (SELECT token_id, network, minMerge(first_seen) AS first_ms FROM token_networks
                  GROUP BY token_id, network)
            WHERE first_ms >= ${q.from} AND first_ms < ${q.to} GROUP BY day ORDER BY day`,
      );
      return {
        from: q.from,
        to: q.to,
        events: Number(totals?.events ?? 0),
        top_tokens: topTokens.map((r) => ({
          token_id: String(r.token_id),
          events: Number(r.events),
          failures: Number(r.failures),
          distinct_ips: Number(r.distinct_ips),
        })),
        top_ips: topIps.map((r) => ({
          ip: String(r.ip),
          events: Number(r.events),
          failures: Number(r.failures),
          tokens: Number(r.tokens),
        })),
        failures: {
          total: Number(totals?.failures ?? 0),
          by_reason: byReason.map((r) => ({ reason: String(r.reason), events: Number(r.events) })),
          per_day: perDay.map((r) => ({ day: Number(r.day), events: Number(r.events) })),
        },
        new_networks_per_day: newNetworks.map((r) => ({ day: Number(r.day), networks: Number(r.networks) })),
      };
    },

    ping: () => db.ping(),
  };
}
