import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { ident, join, sql, type Sql } from './sql';

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
  /** Rows already encoded by a `RowBinaryWriter`, in the order of `columns` (the ingest hot path). */
  insertRowBinary(table: string, columns: readonly string[], body: Uint8Array): Promise<void>;
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
    // The server closes idle keep-alive sockets after keep_alive_timeout (3 s by default); reusing one it just
    // closed fails with "socket hang up". Retire ours well before that, even when timers run late under load.
    keep_alive: { enabled: true, idle_socket_ttl: 1000 },
    // Errors are thrown to the caller, who decides; the client's own error log would print them twice.
    log: { level: ClickHouseLogLevel.OFF },
  });
}

function isStaleSocket(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    (typeof e.message === 'string' && e.message.includes('socket hang up'))
  );
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
      // Reads are safe to repeat: one retry hides a keep-alive socket the server closed under our feet.
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await client.query({ query: statement.text, format: 'JSONEachRow' });
          return await result.json<Row>();
        } catch (error) {
          if (attempt >= 2 || !isStaleSocket(error)) throw error;
        }
      }
    },
    async command(statement: Sql): Promise<void> {
      await client.command({ query: statement.text });
    },
    async insert(table: string, rows: readonly object[]): Promise<void> {
      if (rows.length === 0) return;
      await client.insert({ table: ident(table).text, values: [...rows], format: 'JSONEachRow' });
    },
    async insertRowBinary(table: string, columns: readonly string[], body: Uint8Array): Promise<void> {
      if (body.length === 0) return;
      const statement = sql`INSERT INTO ${ident(table)} (${join(columns.map((c) => ident(c)))}) FORMAT RowBinary`;
      const result = await client.exec({ query: statement.text, values: Readable.from([body], { objectMode: false }) });
      // The insert is acknowledged when the response ends; an error status was already thrown by exec.
      for await (const chunk of result.stream) void chunk;
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
