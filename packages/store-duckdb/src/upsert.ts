import { rowPlaceholders, type DuckDb, type DuckParam } from './duckdb';

/**
 * Inserts rows, replacing an existing row with the same key only when the new version column (`updated_at`
 * unless told otherwise) is at least the stored one. Within one call the newest version of each key is kept first, because DuckDB refuses to update
 * the same row twice in one statement. Table and column names are constants of this package, never input.
 */
export async function upsertNewest(
  db: DuckDb,
  table: string,
  columns: readonly string[],
  rows: readonly { key: string; updatedAt: number; values: DuckParam[] }[],
  versionColumn = 'updated_at',
  strictlyNewer = false,
): Promise<void> {
  const newest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = newest.get(row.key);
    if (!seen || row.updatedAt >= seen.updatedAt) newest.set(row.key, row);
  }
  if (newest.size === 0) return;
  const [key, ...rest] = columns;
  const batch = [...newest.values()];
  await db.transaction(async (tx) => {
    for (let i = 0; i < batch.length; i += 200) {
      const chunk = batch.slice(i, i + 200);
      await tx.run(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rowPlaceholders(chunk.length, columns.length)} ` +
          `ON CONFLICT (${key}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')} ` +
          `WHERE excluded.${versionColumn} ${strictlyNewer ? '>' : '>='} ${table}.${versionColumn}`,
        chunk.flatMap((r) => r.values),
      );
    }
  });
}
