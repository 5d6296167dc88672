import type { ApiKeyRecord, ApiKeyStore } from '@tokenwatch/store';
import type { DuckDb } from './duckdb';

export class DuckDbApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: DuckDb) {}

  async put(key: ApiKeyRecord): Promise<void> {
    await this.db.run('INSERT OR REPLACE INTO api_keys (key_id, created_at, doc) VALUES (?, ?, ?)', [
      key.key_id,
      key.created_at,
      JSON.stringify(key),
    ]);
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.db.all<{ doc: string }>('SELECT doc FROM api_keys WHERE key_id = ?', [keyId]);
    return row ? (JSON.parse(row.doc) as ApiKeyRecord) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.all<{ doc: string }>('SELECT doc FROM api_keys ORDER BY created_at DESC, key_id');
    return rows.map((r) => JSON.parse(r.doc) as ApiKeyRecord);
  }

  async ping(): Promise<boolean> {
    await this.db.all('SELECT 1');
    return true;
  }
}
