import { join, sql, type ClickHouse, type Sql } from '@tokenwatch/clickhouse';
import { Token } from '@tokenwatch/schema';
import type { TokenQuery, TokenRegistry } from '@tokenwatch/store';
import { inList, latestRows } from './latest';
import { optional, toMs } from './time';

const COLUMNS = [
  'token_id',
  'source',
  'token_name',
  'owner_id',
  'owner_email',
  'tenant',
  'site',
  'status',
  'scopes',
  'created_at_ms',
  'expires_at_ms',
  'revoked_at_ms',
  'last_used_at_ms',
  'first_seen_at_ms',
  'updated_at_ms',
];

function toRow(t: Token): Record<string, unknown> {
  return {
    token_id: t.token_id,
    source: t.source,
    token_name: t.token_name ?? '',
    owner_id: t.owner_id ?? '',
    owner_email: t.owner_email ?? '',
    tenant: t.tenant ?? '',
    site: t.site ?? '',
    status: t.status,
    scopes: t.scopes,
    created_at_ms: t.created_at ?? null,
    expires_at_ms: t.expires_at ?? null,
    revoked_at_ms: t.revoked_at ?? null,
    last_used_at_ms: t.last_used_at ?? null,
    first_seen_at_ms: t.first_seen_at,
    updated_at_ms: t.updated_at,
  };
}

type Row = Record<string, string | number | string[] | null>;

function fromRow(r: Row): Token {
  const text = (k: string) => optional(String(r[k] ?? ''));
  const ms = (k: string) => toMs(r[k] as string | number | null);
  const token: Record<string, unknown> = {
    token_id: r.token_id,
    source: r.source,
    token_name: text('token_name'),
    owner_id: text('owner_id'),
    owner_email: text('owner_email'),
    tenant: text('tenant'),
    site: text('site'),
    status: r.status,
    scopes: r.scopes,
    created_at: ms('created_at_ms'),
    expires_at: ms('expires_at_ms'),
    revoked_at: ms('revoked_at_ms'),
    last_used_at: ms('last_used_at_ms'),
    first_seen_at: ms('first_seen_at_ms'),
    updated_at: ms('updated_at_ms'),
  };
  for (const k of Object.keys(token)) if (token[k] === undefined) delete token[k];
  return Token.parse(token);
}

/** TokenRegistry on the `tokens` table (migration 0004); see the port for the contract. */
export function createClickHouseTokenRegistry(db: ClickHouse): TokenRegistry {
  return {
    async upsertTokens(tokens) {
      await db.insert('tokens', tokens.map(toRow));
    },
    async getTokens(tokenIds) {
      if (tokenIds.length === 0) return [];
      const rows = await db.query<Row>(
        sql`${latestRows('tokens', 'token_id', 'updated_at_ms', COLUMNS, inList('token_id', tokenIds))} ORDER BY token_id`,
      );
      return rows.map(fromRow);
    },
    async listTokens(query: TokenQuery) {
      const filters: Sql[] = [sql`1 = 1`];
      if (query.status !== undefined) filters.push(sql`status = ${query.status}`);
      if (query.source !== undefined) filters.push(sql`source = ${query.source}`);
      if (query.owner_id !== undefined) filters.push(sql`owner_id = ${query.owner_id}`);
      if (query.after !== undefined) filters.push(sql`token_id > ${query.after}`);
      const rows = await db.query<Row>(
        sql`SELECT * FROM (${latestRows('tokens', 'token_id', 'updated_at_ms', COLUMNS)})
            WHERE ${join(filters, ' AND ')} ORDER BY token_id LIMIT ${query.limit ?? 1000}`,
      );
      return rows.map(fromRow);
    },
  };
}
