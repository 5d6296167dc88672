import { readdir, readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDb } from './duckdb';

/** The DuckDB schema, numbered like the ClickHouse migrations. */
export const DUCKDB_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Applies pending migrations, each in its own transaction together with its `schema_migrations` row (DuckDB DDL
 * is transactional), so a crash leaves a migration either fully applied and recorded or not at all.
 */
export async function migrateDuckDb(db: DuckDb, dir: string = DUCKDB_MIGRATIONS_DIR): Promise<number[]> {
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at BIGINT)',
  );
  const done = new Set(
    (await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()) {
    const match = FILE.exec(file);
    if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
    const version = Number(match[1]);
    if (done.has(version)) continue;
    const text = await readFile(joinPath(dir, file), 'utf8');
    await db.transaction(async (tx) => {
      // Migration files are trusted text from the repository, not input.
      await tx.run(text);
      await tx.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', [version, match[2]!, Date.now()]);
    });
    applied.push(version);
  }
  return applied;
}
