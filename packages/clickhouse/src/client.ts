import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { ident, type Sql } from './sql';

export interface ClickHouseOptions {
  url: string;
  database: string;
  username?: string;
  password?: string;
  /** Per-request timeout; inserts of large batches need more than the default. */
  requestTimeoutMs?: number;
}

/**
 * The small querier every ClickHouse adapter uses. Statements are `Sql` values built by the quoting module, so
 * no caller can hand it a concatenated string.
 */
export interface ClickHouse {
  readonly database: string;
  query<Row>(statement: Sql): Promise<Row[]>;
  command(statement: Sql): Promise<void>;
  insert(table: string, rows: readonly object[]): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

function connect(options: ClickHouseOptions, database?: string): ClickHouseClient {
  return createClient({
    url: options.url,
    ...(database === undefined ? {} : { database }),
    username: options.username ?? 'default',
    password: options.password ?? '',
    request_timeout: options.requestTimeoutMs ?? 60_000,
    // 18.16 rejects settings it does not know; send none by default.
    clickhouse_settings: {},
    compression: { request: false, response: false },
    // Errors are thrown to the caller, who decides; the client's own error log would print them twice.
    log: { level: ClickHouseLogLevel.OFF },
  });
}

/** Creates the database if needed and returns a querier bound to it. */
export async function openClickHouse(options: ClickHouseOptions): Promise<ClickHouse> {
  const admin = connect(options);
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${ident(options.database).text}` });
  } finally {
    await admin.close();
  }
  const client = connect(options, options.database);
  return {
    database: options.database,
    async query<Row>(statement: Sql): Promise<Row[]> {
      const result = await client.query({ query: statement.text, format: 'JSONEachRow' });
      return result.json<Row>();
    },
    async command(statement: Sql): Promise<void> {
      await client.command({ query: statement.text });
    },
    async insert(table: string, rows: readonly object[]): Promise<void> {
      if (rows.length === 0) return;
      await client.insert({ table: ident(table).text, values: [...rows], format: 'JSONEachRow' });
    },
    async ping(): Promise<boolean> {
      const result = await client.ping();
      return result.success;
    },
    close: () => client.close(),
  };
}

/** Drops a database (tests clean up their own database with this). */
export async function dropDatabase(options: Omit<ClickHouseOptions, 'database'>, database: string): Promise<void> {
  const admin = connect({ ...options, database: 'default' });
  try {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${ident(database).text}` });
  } finally {
    await admin.close();
  }
}
