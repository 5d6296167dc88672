import type { DuckDb } from './duckdb';

/** The embedded analyzer's progress marker (one row). */
export class DuckDbAnalyzerCheckpoint {
  constructor(private readonly db: DuckDb) {}

  async read(): Promise<number | undefined> {
    const [row] = await this.db.all<{ received_at: number }>(
      'SELECT received_at FROM analyzer_checkpoint WHERE id = 1',
    );
    return row?.received_at;
  }

  async write(receivedAt: number): Promise<void> {
    await this.db.run(
      'INSERT INTO analyzer_checkpoint VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET received_at = excluded.received_at',
      [receivedAt],
    );
  }
}
