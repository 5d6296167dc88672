import type { Suppression } from '@tokenwatch/schema';
import type { SuppressionStore } from '@tokenwatch/store';
import type { DuckDb, DuckParam } from './duckdb';

export class DuckDbSuppressionStore implements SuppressionStore {
  constructor(private readonly db: DuckDb) {}

  async putSuppression(s: Suppression): Promise<void> {
    await this.db.run(
      'INSERT OR REPLACE INTO suppressions (suppression_id, created_at, expires_at, doc) VALUES (?, ?, ?, ?)',
      [s.suppression_id, s.created_at, s.expires_at ?? null, JSON.stringify(s)],
    );
  }

  async deleteSuppression(suppressionId: string): Promise<void> {
    await this.db.run('DELETE FROM suppressions WHERE suppression_id = ?', [suppressionId]);
  }

  async getSuppression(suppressionId: string): Promise<Suppression | undefined> {
    const [row] = await this.db.all<{ doc: string }>('SELECT doc FROM suppressions WHERE suppression_id = ?', [
      suppressionId,
    ]);
    return row ? (JSON.parse(row.doc) as Suppression) : undefined;
  }

  async listSuppressions(query: { activeAt?: number }): Promise<Suppression[]> {
    const params: DuckParam[] = [];
    let where = '';
    if (query.activeAt !== undefined) {
      where = 'WHERE expires_at IS NULL OR expires_at > ?';
      params.push(query.activeAt);
    }
    const rows = await this.db.all<{ doc: string }>(
      `SELECT doc FROM suppressions ${where} ORDER BY created_at, suppression_id`,
      params,
    );
    return rows.map((r) => JSON.parse(r.doc) as Suppression);
  }
}
