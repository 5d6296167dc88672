import { ident, join, sql, type Sql } from '@tokenwatch/clickhouse';

/**
 * The newest version of every row of a ReplacingMergeTree, exact before merges: argMax of each column by the
 * version column, grouped by the key. Used instead of `FINAL` + WHERE because old ClickHouse versions may apply
 * a WHERE on non-key columns before FINAL collapses the versions (stale rows would match). Filter the result in
 * an outer query. Aliases get a `_` suffix inside (an alias equal to its column name is a cyclic alias on
 * ClickHouse) and their own names outside.
 */
export function latestRows(table: string, key: string, version: string, columns: readonly string[], where?: Sql): Sql {
  const inner = join(
    columns.filter((c) => c !== key).map((c) => sql`argMax(${ident(c)}, ${ident(version)}) AS ${ident(c + '_')}`),
  );
  const outer = join(columns.map((c) => (c === key ? ident(c) : sql`${ident(c + '_')} AS ${ident(c)}`)));
  return sql`SELECT ${outer} FROM (SELECT ${ident(key)}, ${inner} FROM ${ident(table)}
    WHERE ${where ?? sql`1 = 1`} GROUP BY ${ident(key)})`;
}

export function inList(column: string, values: readonly string[]): Sql {
  return sql`${ident(column)} IN (${join(values.map((v) => sql`${v}`))})`;
}
