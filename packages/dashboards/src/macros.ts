/**
 * What Grafana does to a panel's SQL before ClickHouse sees it, so tests can run the exact text: first the
 * frontend interpolates template variables (`$token`, `${token}`, `${token:singlequote}`), then the ClickHouse
 * plugin's backend expands its macros (`$__timeFilter(col)`, `$__interval_s`, …) the way its Go code does.
 *
 * Macros whose expansion does not run on ClickHouse 18.16 (`$__timeInterval` → toStartOfInterval,
 * `*_ms` → DateTime64 functions) are expanded faithfully anyway, so a panel that uses them fails its test.
 */

export interface GrafanaQueryContext {
  /** Dashboard time range, epoch ms. */
  from: number;
  to: number;
  /** The panel's interval (Grafana derives it from range / width); at least 1 s. */
  intervalSeconds: number;
  /** Template variable values by name (single-valued). */
  variables: Record<string, string>;
}

export class GrafanaSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrafanaSqlError';
  }
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Macro = (args: string[], ctx: GrafanaQueryContext) => string;

function oneArg(name: string, args: string[]): string {
  if (args.length !== 1 || !args[0]) throw new GrafanaSqlError(`$__${name} expects 1 argument, got ${args.length}`);
  return args[0];
}

const MACROS: Record<string, Macro> = {
  fromTime: (_a, c) => `toDateTime(${seconds(c.from)})`,
  toTime: (_a, c) => `toDateTime(${seconds(c.to)})`,
  fromTime_ms: (_a, c) => `fromUnixTimestamp64Milli(${c.from})`,
  toTime_ms: (_a, c) => `fromUnixTimestamp64Milli(${c.to})`,
  timeFilter: (a, c) => {
    const col = oneArg('timeFilter', a);
    return `${col} >= toDateTime(${seconds(c.from)}) AND ${col} <= toDateTime(${seconds(c.to)})`;
  },
  timeFilter_ms: (a, c) => {
    const col = oneArg('timeFilter_ms', a);
    return `${col} >= fromUnixTimestamp64Milli(${c.from}) AND ${col} <= fromUnixTimestamp64Milli(${c.to})`;
  },
  dateFilter: (a, c) => {
    const col = oneArg('dateFilter', a);
    return `${col} >= toDate('${dateOf(c.from)}') AND ${col} <= toDate('${dateOf(c.to)}')`;
  },
  dateTimeFilter: (a, c) => dateTimeFilter(a, c),
  dt: (a, c) => dateTimeFilter(a, c),
  timeInterval: (a, c) =>
    `toStartOfInterval(toDateTime(${oneArg('timeInterval', a)}), INTERVAL ${Math.max(c.intervalSeconds, 1)} second)`,
  timeInterval_ms: (a, c) =>
    `toStartOfInterval(toDateTime64(${oneArg('timeInterval_ms', a)}, 3), INTERVAL ${Math.max(c.intervalSeconds * 1000, 1)} millisecond)`,
  interval_s: (_a, c) => String(Math.max(Math.floor(c.intervalSeconds), 1)),
};

function dateTimeFilter(args: string[], c: GrafanaQueryContext): string {
  if (args.length !== 2) throw new GrafanaSqlError(`$__dateTimeFilter expects 2 arguments, got ${args.length}`);
  const [d, t] = args as [string, string];
  return (
    `(${d} >= toDate('${dateOf(c.from)}') AND ${d} <= toDate('${dateOf(c.to)}')) AND ` +
    `(${t} >= toDateTime(${seconds(c.from)}) AND ${t} <= toDateTime(${seconds(c.to)}))`
  );
}

/** Grafana's `singlequote` format: wrap in single quotes, escape single quotes with a backslash. */
function singleQuote(value: string): string {
  return `'${value.replace(/'/g, "\\'")}'`;
}

/** Step 1 (Grafana frontend): template variables. Unknown ones are an error, not silently left in the SQL. */
export function interpolateVariables(sql: string, variables: Record<string, string>): string {
  return sql.replace(
    /\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]|\$(?!__)(\w+)/g,
    (whole, braced?: string, format?: string, bracketed?: string, bare?: string) => {
      const name = braced ?? bracketed ?? bare!;
      const value = variables[name];
      if (value === undefined) throw new GrafanaSqlError(`unknown template variable ${whole}`);
      if (format === undefined || format === 'raw') return value;
      if (format === 'singlequote') return singleQuote(value);
      throw new GrafanaSqlError(`unsupported variable format ${whole}`);
    },
  );
}

/** Step 2 (ClickHouse plugin backend): `$__name` or `$__name(arg, …)`. */
export function expandMacros(sql: string, ctx: GrafanaQueryContext): string {
  return sql.replace(/\$__(\w+)(?:\(([^()]*)\))?/g, (whole, name: string, argText?: string) => {
    const macro = MACROS[name];
    if (!macro) throw new GrafanaSqlError(`unknown macro ${whole}`);
    const args = argText === undefined ? [] : argText.split(',').map((a) => a.trim());
    return macro(args, ctx);
  });
}

/** The SQL ClickHouse receives for a panel or variable query. */
export function grafanaSql(sql: string, ctx: GrafanaQueryContext): string {
  return expandMacros(interpolateVariables(sql, ctx.variables), ctx);
}
