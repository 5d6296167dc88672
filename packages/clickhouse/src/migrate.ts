import { readdir, readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouse } from './client';
import { sql, unsafeRaw } from './sql';

/** The repository's own migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Splits a migration file into statements: a statement ends with `;` at the end of a line. Comments dropped. */
export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE.exec(file);
    if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`duplicate migration version ${version}`);
    migrations.push({
      version,
      name: match[2]!,
      statements: splitStatements(await readFile(joinPath(dir, file), 'utf8')),
    });
  }
  return migrations;
}

export interface MigrationResult {
  applied: number[];
  skipped: number[];
}

/**
 * Applies numbered migrations in order and records each in `schema_migrations`. Safe to run twice and from
 * several services at start-up: applied versions are skipped, and every statement is written to be idempotent
 * (IF NOT EXISTS) so a crash between a statement and its record only re-runs harmless DDL.
 */
export async function migrate(db: ClickHouse, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  await db.command(
    sql`CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime('UTC'))
        ENGINE = ReplacingMergeTree ORDER BY version`,
  );
  const done = new Set(
    (await db.query<{ version: number }>(sql`SELECT DISTINCT version FROM schema_migrations`)).map((r) =>
      Number(r.version),
    ),
  );
  const result: MigrationResult = { applied: [], skipped: [] };
  for (const migration of await readMigrations(dir)) {
    if (done.has(migration.version)) {
      result.skipped.push(migration.version);
      continue;
    }
    for (const statement of migration.statements) {
      try {
        // Migration files are trusted text from the repository, not input.
        await db.command(unsafeRaw(statement));
      } catch (error) {
        throw new Error(
          `migration ${migration.version}_${migration.name} failed: ${(error as Error).message}\n${statement}`,
          { cause: error },
        );
      }
    }
    await db.insert('schema_migrations', [
      { version: migration.version, name: migration.name, applied_at: Math.floor(Date.now() / 1000) },
    ]);
    result.applied.push(migration.version);
  }
  return result;
}
