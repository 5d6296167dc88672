import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

/** A value bound to a `?` placeholder. Values never enter SQL text. */
export type DuckParam = string | number | bigint | boolean | null;

export interface DuckQuerier {
  run(sql: string, params?: readonly DuckParam[]): Promise<void>;
  all<Row = Record<string, unknown>>(sql: string, params?: readonly DuckParam[]): Promise<Row[]>;
  /**
   * Bulk load through DuckDB's appender into a temporary table of this connection (values are appended typed,
   * never as SQL text); callers then move the rows with INSERT … SELECT. Far faster than multi-row VALUES.
   */
  appendTemp(table: string, rows: readonly (readonly DuckParam[])[]): Promise<void>;
}

/**
 * The embedded database: one file, one connection. Every statement goes through one queue, so a transaction
 * never interleaves with another caller's statements (DuckDB has one transaction per connection).
 */
export interface DuckDb extends DuckQuerier {
  /** ":memory:" or the database file. */
  readonly path: string;
  /** Runs fn inside BEGIN … COMMIT (ROLLBACK on error); nothing else runs on the database meanwhile. */
  transaction<T>(fn: (tx: DuckQuerier) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDuckDb(path: string): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  const direct = directQuerier(connection);
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error(`DuckDB ${path} is closed`));
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  }

  return {
    path,
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    all: <Row>(sql: string, params?: readonly DuckParam[]) => exclusive(() => direct.all<Row>(sql, params)),
    appendTemp: (table, rows) => exclusive(() => direct.appendTemp(table, rows)),
    transaction: <T>(fn: (tx: DuckQuerier) => Promise<T>) =>
      exclusive(async () => {
        await connection.run('BEGIN TRANSACTION');
        try {
          const result = await fn(direct);
          await connection.run('COMMIT');
          return result;
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    close: () =>
      exclusive(async () => {
        closed = true;
        // A checkpoint folds the WAL into the file so the next open starts fast.
        await connection.run('CHECKPOINT').catch(() => undefined);
        connection.closeSync();
        instance.closeSync();
      }),
  };
}

function directQuerier(connection: DuckDBConnection): DuckQuerier {
  return {
    async run(sql, params) {
      await connection.run(sql, params ? bindable(params) : undefined);
    },
    async all<Row>(sql: string, params?: readonly DuckParam[]) {
      const reader = await connection.runAndReadAll(sql, params ? bindable(params) : undefined);
      return reader.getRowObjectsJS().map(plainRow) as Row[];
    },
    async appendTemp(table, rows) {
      const appender = await connection.createAppender(table, 'main', 'temp');
      try {
        for (const row of rows) {
          for (const value of row) {
            if (value === null) appender.appendNull();
            else if (typeof value === 'string') appender.appendVarchar(value);
            else if (typeof value === 'boolean') appender.appendBoolean(value);
            else if (typeof value === 'bigint') appender.appendBigInt(value);
            else if (Number.isSafeInteger(value)) appender.appendBigInt(BigInt(value));
            else appender.appendDouble(value);
          }
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
  };
}

/** Integers bind as BIGINT (exact epoch milliseconds); other numbers as DOUBLE. */
function bindable(params: readonly DuckParam[]): DuckDBValue[] {
  return params.map((p) => (typeof p === 'number' && Number.isSafeInteger(p) ? BigInt(p) : p));
}

/** BIGINT columns come back as bigint; everything we store fits a double exactly. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
  return out;
}

/** "?, ?, ?" for n placeholders, and "(?, ?), (?, ?)" for rows × columns: shapes, never values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
export function rowPlaceholders(rows: number, columns: number): string {
  const row = `(${placeholders(columns)})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
