/** 'YYYY-MM-DD hh:mm:ss' (UTC): the DateTime text form every ClickHouse version parses in JSONEachRow. */
export function toDateTimeText(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** ClickHouse returns UInt64 as a JSON string; Nullable columns as null. */
export function toMs(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return Number(value);
}

/** Empty strings are how the tables store "absent". */
export function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}
