import { sql, type ClickHouse } from '@tokenwatch/clickhouse';
import { Suppression } from '@tokenwatch/schema';
import type { SuppressionStore } from '@tokenwatch/store';
import { latestRows } from './latest';
import { optional, toMs } from './time';

const COLUMNS = [
  'suppression_id',
  'token_id',
  'detector',
  'cidr',
  'user_agent',
  'reason',
  'author',
  'created_at_ms',
  'expires_at_ms',
  'deleted',
  'version_ms',
];

type Row = Record<string, string | number>;

function fromRow(r: Row): Suppression {
  const s: Record<string, unknown> = {
    suppression_id: r.suppression_id,
    token_id: optional(String(r.token_id)),
    detector: optional(String(r.detector)),
    cidr: optional(String(r.cidr)),
    user_agent: optional(String(r.user_agent)),
    reason: r.reason,
    author: r.author,
    created_at: toMs(r.created_at_ms),
    expires_at: Number(r.expires_at_ms) === 0 ? undefined : toMs(r.expires_at_ms),
  };
  for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  return Suppression.parse(s);
}

/** SuppressionStore on the `suppressions` table (migration 0012); see the port for the contract. */
export function createClickHouseSuppressionStore(db: ClickHouse): SuppressionStore {
  // Versions must grow even for two writes in one millisecond, or the tie would be unspecified.
  let lastVersion = 0;
  const version = () => (lastVersion = Math.max(Date.now(), lastVersion + 1));
  const latest = latestRows('suppressions', 'suppression_id', 'version_ms', COLUMNS);
  return {
    async putSuppression(s) {
      await db.insert('suppressions', [
        {
          suppression_id: s.suppression_id,
          token_id: s.token_id ?? '',
          detector: s.detector ?? '',
          cidr: s.cidr ?? '',
          user_agent: s.user_agent ?? '',
          reason: s.reason,
          author: s.author,
          created_at_ms: s.created_at,
          expires_at_ms: s.expires_at ?? 0,
          deleted: 0,
          version_ms: version(),
        },
      ]);
    },
    async deleteSuppression(suppressionId) {
      await db.insert('suppressions', [
        { suppression_id: suppressionId, reason: '', author: '', deleted: 1, version_ms: version() },
      ]);
    },
    async getSuppression(suppressionId) {
      const rows = await db.query<Row>(
        sql`SELECT * FROM (${latest}) WHERE suppression_id = ${suppressionId} AND deleted = 0`,
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async listSuppressions({ activeAt }) {
      const active = activeAt === undefined ? sql`1 = 1` : sql`(expires_at_ms = 0 OR expires_at_ms > ${activeAt})`;
      const rows = await db.query<Row>(
        sql`SELECT * FROM (${latest}) WHERE deleted = 0 AND ${active} ORDER BY created_at_ms, suppression_id`,
      );
      return rows.map(fromRow);
    },
  };
}
