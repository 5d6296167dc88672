import type { Source, Token, TokenStatus } from '@tokenwatch/schema';

export interface TokenQuery {
  status?: TokenStatus;
  source?: Source;
  owner_id?: string;
  /** Resume strictly after this token_id (tokens are listed in token_id order). */
  after?: string;
  limit?: number;
}

/**
 * The token registry: the latest known state of every token.
 *
 * Contract (ClickHouse and DuckDB alike):
 * - `upsertTokens` replaces a token by token_id; when the same token is written twice, the row with the greater
 *   `updated_at` wins (ties unspecified: writers make `updated_at` grow). Durable when the promise resolves.
 * - Reads return each token once, exactly as written (optional fields absent, `scopes` possibly empty).
 * - `getTokens` ignores unknown ids and returns tokens in token_id order.
 */
export interface TokenRegistry {
  upsertTokens(tokens: readonly Token[]): Promise<void>;
  getTokens(tokenIds: readonly string[]): Promise<Token[]>;
  listTokens(query: TokenQuery): Promise<Token[]>;
}
