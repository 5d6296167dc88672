import type { Alert, Token } from '@tokenwatch/schema';
import type {
  AlertListQuery,
  Page,
  ReadModel,
  TimelineEvent,
  TokenListQuery,
  UsageQuery,
  UsageReport,
  UsageReportQuery,
  UsageSeries,
} from '@tokenwatch/store';
import { placeholders, type DuckDb, type DuckParam } from './duckdb';
import { rowToEvent } from './events';

const DAY_MS = 86_400_000;

/** Splits the `limit + 1` rows a page query fetched into the page and the cursor of its last item. */
function pageOf<T, C>(rows: T[], limit: number, cursorOf: (last: T) => C): Page<T, C> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: cursorOf(items[items.length - 1]!) };
}

class Where {
  readonly clauses: string[] = [];
  readonly params: DuckParam[] = [];
  add(clause: string, ...params: DuckParam[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }
  in(column: string, values: readonly string[] | undefined): this {
    if (values && values.length > 0) this.add(`${column} IN (${placeholders(values.length)})`, ...values);
    return this;
  }
  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** SQL for a usage dimension: unknown values are "" like the ClickHouse columns. Constants, never input. */
const DIMENSION: Record<UsageQuery['by'], string> = {
  ip: "coalesce(ip, '')",
  asn: "coalesce(CAST(asn AS VARCHAR), '')",
  country: "coalesce(country, '')",
  user_agent: "coalesce(user_agent, '')",
};
const BUCKET_MS: Record<UsageQuery['interval'], number> = { hour: 3_600_000, day: DAY_MS };

/** The API's and reports' read side over the embedded DuckDB file. */
export class DuckDbReadModel implements ReadModel {
  constructor(private readonly db: DuckDb) {}

  async listTokens(q: TokenListQuery): Promise<Page<Token, { token_id: string }>> {
    const w = new Where();
    if (q.status) w.add('status = ?', q.status);
    if (q.source) w.add('source = ?', q.source);
    if (q.owner !== undefined) w.add('(owner_id = ? OR owner_email = ?)', q.owner, q.owner);
    if (q.staleForMs !== undefined) w.add('coalesce(last_used_at, 0) <= ?', q.now - q.staleForMs);
    if (q.expiringWithinMs !== undefined) {
      w.add('expires_at IS NOT NULL AND expires_at >= ? AND expires_at < ?', q.now, q.now + q.expiringWithinMs);
    }
    if (q.after) w.add('token_id > ?', q.after.token_id);
    const rows = await this.db.all<{ doc: string }>(`SELECT doc FROM tokens ${w.sql} ORDER BY token_id LIMIT ?`, [
      ...w.params,
      q.limit + 1,
    ]);
    return pageOf(
      rows.map((r) => JSON.parse(r.doc) as Token),
      q.limit,
      (t) => ({ token_id: t.token_id }),
    );
  }

  async getToken(tokenId: string): Promise<Token | undefined> {
    const [row] = await this.db.all<{ doc: string }>('SELECT doc FROM tokens WHERE token_id = ?', [tokenId]);
    return row ? (JSON.parse(row.doc) as Token) : undefined;
  }

  async tokenTimeline(tokenId: string, q: Parameters<ReadModel['tokenTimeline']>[1]) {
    const w = new Where().add('token_id = ?', tokenId);
    if (q.from !== undefined) w.add('occurred_at >= ?', q.from);
    if (q.to !== undefined) w.add('occurred_at < ?', q.to);
    if (q.after) {
      const { occurred_at: t, event_id: id } = q.after;
      w.add('(occurred_at < ? OR (occurred_at = ? AND event_id < ?))', t, t, id);
    }
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT * FROM events ${w.sql} ORDER BY occurred_at DESC, event_id DESC LIMIT ?`,
      [...w.params, q.limit + 1],
    );
    const events = rows.map((r): TimelineEvent => {
      const { raw: _raw, ...rest } = rowToEvent(r);
      return rest;
    });
    return pageOf(events, q.limit, (e) => ({ occurred_at: e.occurred_at, event_id: e.event_id }));
  }

  async tokenUsage(tokenId: string, q: UsageQuery): Promise<UsageSeries[]> {
    const key = DIMENSION[q.by];
    const size = BUCKET_MS[q.interval];
    const scope = new Where().add('token_id = ?', tokenId).add('occurred_at >= ?', q.from).add('occurred_at < ?', q.to);
    const rows = await this.db.all<{ key: string; start: number; events: number; failures: number }>(
      `WITH scoped AS (SELECT ${key} AS key, occurred_at, outcome FROM events ${scope.sql}),
            top AS (SELECT key FROM scoped GROUP BY key ORDER BY count(*) DESC, key LIMIT ?)
       SELECT key, (occurred_at // ?) * ? AS start, count(*) AS events,
              count(*) FILTER (WHERE outcome = 'failure') AS failures
       FROM scoped WHERE key IN (SELECT key FROM top)
       GROUP BY key, start ORDER BY key, start`,
      [...scope.params, q.limit, size, size],
    );
    const series = new Map<string, UsageSeries>();
    for (const row of rows) {
      const s = series.get(row.key) ?? { key: row.key, events: 0, failures: 0, points: [] };
      s.points.push({ start: row.start, events: row.events, failures: row.failures });
      s.events += row.events;
      s.failures += row.failures;
      series.set(row.key, s);
    }
    return [...series.values()].sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : 1));
  }

  async listAlerts(q: AlertListQuery): Promise<Page<Alert, { last_seen_at: number; alert_id: string }>> {
    const w = new Where().in('status', q.status).in('severity', q.severity).in('detector', q.detector);
    if (q.tokenId !== undefined) w.add('token_id = ?', q.tokenId);
    if (q.from !== undefined) w.add('last_seen_at >= ?', q.from);
    if (q.to !== undefined) w.add('last_seen_at < ?', q.to);
    if (q.after) {
      const { last_seen_at: t, alert_id: id } = q.after;
      w.add('(last_seen_at < ? OR (last_seen_at = ? AND alert_id < ?))', t, t, id);
    }
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM alerts ${w.sql} ORDER BY last_seen_at DESC, alert_id DESC LIMIT ?`,
      [...w.params, q.limit + 1],
    );
    return pageOf(
      rows.map((r) => JSON.parse(r.doc) as Alert),
      q.limit,
      (a) => ({ last_seen_at: a.last_seen_at, alert_id: a.alert_id }),
    );
  }

  async usageReport(q: UsageReportQuery): Promise<UsageReport> {
    const range = [q.from, q.to];
    const inRange = 'occurred_at >= ? AND occurred_at < ?';
    const [totals] = await this.db.all<{ events: number; failures: number }>(
      `SELECT count(*) AS events, count(*) FILTER (WHERE outcome = 'failure') AS failures FROM events WHERE ${inRange}`,
      range,
    );
    const topTokens = await this.db.all<UsageReport['top_tokens'][number]>(
      `SELECT token_id, count(*) AS events, count(*) FILTER (WHERE outcome = 'failure') AS failures,
              count(DISTINCT ip) AS distinct_ips
       FROM events WHERE ${inRange} GROUP BY token_id ORDER BY events DESC, token_id LIMIT ?`,
      [...range, q.limit],
    );
    const topIps = await this.db.all<UsageReport['top_ips'][number]>(
      `SELECT ip, count(*) AS events, count(*) FILTER (WHERE outcome = 'failure') AS failures,
              count(DISTINCT token_id) AS tokens
       FROM events WHERE ${inRange} AND ip IS NOT NULL GROUP BY ip ORDER BY events DESC, ip LIMIT ?`,
      [...range, q.limit],
    );
    const byReason = await this.db.all<{ reason: string; events: number }>(
      `SELECT coalesce(outcome_reason, '') AS reason, count(*) AS events
       FROM events WHERE ${inRange} AND outcome = 'failure' GROUP BY reason ORDER BY events DESC, reason LIMIT ?`,
      [...range, q.limit],
    );
    const perDay = await this.db.all<{ day: number; events: number }>(
      `SELECT (occurred_at // ${DAY_MS}) * ${DAY_MS} AS day, count(*) AS events
       FROM events WHERE ${inRange} AND outcome = 'failure' GROUP BY day ORDER BY day`,
      range,
    );
    // "New" means never seen before for that token, so the first sighting is taken over all history.
    const newNetworks = await this.db.all<{ day: number; networks: number }>(
      `SELECT day, count(*) AS networks FROM
         (SELECT token_id, network, (min(occurred_at) // ${DAY_MS}) * ${DAY_MS} AS day
          FROM events WHERE network IS NOT NULL AND network != '' AND occurred_at < ? GROUP BY token_id, network)
       WHERE day >= ? AND day < ? GROUP BY day ORDER BY day`,
      [q.to, Math.floor(q.from / DAY_MS) * DAY_MS, q.to],
    );
    return {
      from: q.from,
      to: q.to,
      events: totals?.events ?? 0,
      top_tokens: topTokens.map((r) => ({ ...r })),
      top_ips: topIps.map((r) => ({ ...r })),
      failures: { total: totals?.failures ?? 0, by_reason: byReason, per_day: perDay },
      new_networks_per_day: newNetworks,
    };
  }

  async ping(): Promise<boolean> {
    await this.db.all('SELECT 1');
    return true;
  }
}
