import { join, sql, type Sql } from '@tokenwatch/clickhouse';

/** Conditions AND-ed together; `1` when there are none. */
export function where(conditions: readonly Sql[]): Sql {
  return conditions.length === 0 ? sql`1` : join(conditions, ' AND ');
}

/** Splits the `limit + 1` rows a page query fetched into the page and the cursor of its last item. */
export function pageOf<T, C>(rows: T[], limit: number, cursorOf: (last: T) => C): { items: T[]; next?: C } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: cursorOf(items[items.length - 1]!) };
}
