import type { Token } from '@tokenwatch/schema';
import type { TokenQuery, TokenRegistry } from '@tokenwatch/store';
import { placeholders, type DuckDb, type DuckParam } from './duckdb';
import { upsertNewest } from './upsert';

const COLUMNS = [
  'token_id',
  'source',
  'status',
  'owner_id',
  'owner_email',
  'last_used_at',
  'expires_at',
  'updated_at',
  'doc',
];

export class DuckDbTokenRegistry implements TokenRegistry {
  constructor(private readonly db: DuckDb) {}

  async upsertTokens(tokens: readonly Token[]): Promise<void> {
    await upsertNewest(
      this.db,
      'tokens',
      COLUMNS,
      tokens.map((t) => ({
        key: t.token_id,
        updatedAt: t.updated_at,
        values: [
          t.token_id,
          t.source,
          t.status,
          t.owner_id ?? null,
          t.owner_email ?? null,
          t.last_used_at ?? null,
          t.expires_at ?? null,
          t.updated_at,
          JSON.stringify(t),
        ],
      })),
    );
  }

  async getTokens(tokenIds: readonly string[]): Promise<Token[]> {
    if (tokenIds.length === 0) return [];
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM tokens WHERE token_id IN (${placeholders(tokenIds.length)}) ORDER BY token_id`,
      [...tokenIds],
    );
    return rows.map((r) => JSON.parse(r.doc) as Token);
  }

  async listTokens(query: TokenQuery): Promise<Token[]> {
    const clauses: string[] = [];
    const params: DuckParam[] = [];
    for (const column of ['status', 'source', 'owner_id'] as const) {
      const value = query[column];
      if (value !== undefined) {
        clauses.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (query.after !== undefined) {
      clauses.push('token_id > ?');
      params.push(query.after);
    }
    params.push(query.limit ?? 1000);
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM tokens ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY token_id LIMIT ?`,
      params,
    );
    return rows.map((r) => JSON.parse(r.doc) as Token);
  }
}
