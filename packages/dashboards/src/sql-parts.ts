/**
 * SQL fragments shared by the dashboards. Everything here runs on ClickHouse 18.16 and current releases, so
 * buckets are computed with intDiv over epoch seconds (no toStartOfInterval, which `$__timeInterval` expands to)
 * and millisecond columns are compared as integers (no DateTime64, which the `*_ms` macros need).
 */

/** A DateTime column truncated to the panel interval, named `time` as Grafana's time series expect. */
export const bucket = (column: string) =>
  `toDateTime(intDiv(toUInt32(${column}), $__interval_s) * $__interval_s, 'UTC') AS time`;

/** The same for an epoch-milliseconds column. */
export const bucketMs = (column: string) =>
  `toDateTime(intDiv(intDiv(${column}, 1000), $__interval_s) * $__interval_s, 'UTC') AS time`;

/** Dashboard time range on an epoch-milliseconds column. */
export const timeFilterMs = (column: string) =>
  `${column} >= toUInt64(toUInt32($__fromTime)) * 1000 AND ${column} <= toUInt64(toUInt32($__toTime)) * 1000`;

/** Epoch milliseconds (Nullable) as a DateTime for display. */
export const msToDateTime = (column: string) => `toDateTime(intDiv(assumeNotNull(${column}), 1000), 'UTC')`;

/** Now, in epoch milliseconds, signed so differences can go negative. */
export const nowMs = `(toInt64(toUInt32(now())) * 1000)`;

/** Link from a token id cell to the token drill-down. */
export const TOKEN_LINK = '/d/tokenwatch-token/tokenwatch-token?var-token=${__value.raw}&${__url_time_range}';
