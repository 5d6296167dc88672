import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTestDatabase } from '@tokenwatch/testkit';
import { RowBinaryWriter, ident, migrate, readMigrations, sql } from './index';

describe('ClickHouse migrations', () => {
  it('applies the repository migrations to a fresh database, and a second run changes nothing', async () => {
    await withTestDatabase(
      async (db) => {
        const all = (await readMigrations()).map((m) => m.version);
        const first = await migrate(db);
        expect(first.applied).toEqual(all);
        const tablesAfterFirst = await db.query<{ name: string }>(
          sql`SELECT name FROM system.tables WHERE database = ${db.database} ORDER BY name`,
        );
        const second = await migrate(db);
        expect(second.applied).toEqual([]);
        expect(second.skipped).toEqual(all);
        const tablesAfterSecond = await db.query<{ name: string }>(
          sql`SELECT name FROM system.tables WHERE database = ${db.database} ORDER BY name`,
        );
        expect(tablesAfterSecond).toEqual(tablesAfterFirst);
        expect(tablesAfterFirst.map((t) => t.name)).toContain('schema_migrations');
      },
      { migrate: false },
    );
  });

  it('applies only new migrations and reports a failing statement with its file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tw-migrations-'));
    await writeFile(
      join(dir, '0001_first.sql'),
      '-- a comment\nCREATE TABLE IF NOT EXISTS a (x UInt8) ENGINE = MergeTree ORDER BY x;\n',
    );
    await withTestDatabase(
      async (db) => {
        expect((await migrate(db, dir)).applied).toEqual([1]);
        await writeFile(
          join(dir, '0002_second.sql'),
          "CREATE TABLE IF NOT EXISTS b (y String) ENGINE = MergeTree ORDER BY y;\nINSERT INTO b VALUES ('z');\n",
        );
        expect(await migrate(db, dir)).toEqual({ applied: [2], skipped: [1] });
        expect(await db.query(sql`SELECT y FROM ${ident('b')}`)).toEqual([{ y: 'z' }]);
        await writeFile(
          join(dir, '0003_broken.sql'),
          'CREATE TABLE nope (x NoSuchType) ENGINE = MergeTree ORDER BY x;\n',
        );
        await expect(migrate(db, dir)).rejects.toThrow(/migration 3_broken failed/);
      },
      { migrate: false },
    );
  });
});

describe('ClickHouse round trip through @clickhouse/client', () => {
  it('returns exactly what was inserted, including hostile strings', async () => {
    await withTestDatabase(async (db) => {
      await db.command(
        sql`CREATE TABLE rt (id UInt32, s String, ts DateTime('UTC'), ms UInt64, tags Array(String), n Nullable(Float64)) ENGINE = MergeTree ORDER BY id`,
      );
      const rows = [
        {
          id: 1,
          s: "it's \\ a 'test'\n\t\u0000",
          ts: '2026-03-01 12:00:00',
          ms: 1772366400123,
          tags: ['a', "b'c"],
          n: null,
        },
        { id: 2, s: 'ünïcödé 🔑', ts: '2026-03-01 12:00:01', ms: 1772366401000, tags: [], n: 1.5 },
      ];
      await db.insert('rt', rows);
      const back = await db.query<{ id: number; s: string; ts: string; ms: string; tags: string[]; n: number | null }>(
        sql`SELECT id, s, ts, ms, tags, n FROM rt ORDER BY id`,
      );
      expect(back.map((r) => ({ ...r, ms: Number(r.ms) }))).toEqual(rows);
      // The same hostile string used as a filter value finds exactly its row.
      const found = await db.query<{ id: number }>(sql`SELECT id FROM rt WHERE s = ${rows[0]!.s}`);
      expect(found).toEqual([{ id: 1 }]);
    });
  });
});

describe('RowBinary inserts', () => {
  it('round-trips every type the writer encodes, at the edges, through the real server', async () => {
    await withTestDatabase(
      async (db) => {
        await db.command(sql`CREATE TABLE rb (s String, n UInt8, i UInt32, t DateTime('UTC'), big UInt64,
          maybe Nullable(UInt64), list Array(String), tail String) ENGINE = MergeTree ORDER BY tuple()`);
        const rows = [
          { s: '', n: 0, i: 0, t: 0, big: 0, maybe: undefined, list: [], tail: 'x'.repeat(43) },
          {
            s: 'ünïcödé \u{1F511} "quoted" \\ \t\n',
            n: 255,
            i: 4_294_967_295,
            t: 1_700_000_000_999,
            big: Number.MAX_SAFE_INTEGER,
            maybe: 1_764_288_000_123,
            list: ['read', '', 'wrïte'],
            tail: 'ü'.repeat(70_000),
          },
        ];
        const w = new RowBinaryWriter(8);
        for (const r of rows) {
          w.string(r.s).uint8(r.n).uint32(r.i).dateTime(r.t).uint64(r.big).nullableUInt64(r.maybe);
          w.stringArray(r.list).string(r.tail);
        }
        await db.insertRowBinary('rb', ['s', 'n', 'i', 't', 'big', 'maybe', 'list', 'tail'], w.bytes());
        const back = await db.query<Record<string, unknown>>(
          sql`SELECT s, n, i, toUInt32(t) AS t, toString(big) AS big, toString(maybe) AS maybe, list, tail
              FROM rb ORDER BY n`,
        );
        expect(back).toEqual(
          rows.map((r) => ({
            ...r,
            t: Math.floor(r.t / 1000),
            big: String(r.big),
            maybe: r.maybe === undefined ? null : String(r.maybe),
          })),
        );
      },
      { migrate: false },
    );
  });

  it('rejects rows that do not match the columns, naming the problem, and writes none of them', async () => {
    await withTestDatabase(
      async (db) => {
        await db.command(sql`CREATE TABLE rb (s String, n UInt32) ENGINE = MergeTree ORDER BY tuple()`);
        const truncated = new RowBinaryWriter().string('ok').uint32(1).string('cut short').bytes();
        await expect(db.insertRowBinary('rb', ['s', 'n'], truncated)).rejects.toThrow(/Cannot read all data|EOF/i);
        await expect(db.insertRowBinary('rb', ['s', 'no_such_column'], truncated)).rejects.toThrow(/no_such_column/);
        expect(await db.query(sql`SELECT count() AS n FROM rb`)).toEqual([{ n: '0' }]);
      },
      { migrate: false },
    );
  });
});
