import { z } from 'zod';
import { RowBinaryWriter } from '@tokenwatch/clickhouse';
import { networkOf, type DeadLetter, type TokenEvent } from '@tokenwatch/schema';
import { optional, toDateTimeText, toMs } from './time';

/** One row of the `events` table as ClickHouse returns it (UInt64 as strings). */
export const EventRow = z.object({
  event_id: z.string(),
  schema_version: z.coerce.number(),
  source: z.string(),
  source_event_type: z.string(),
  kind: z.string(),
  occurred_at_ms: z.union([z.string(), z.number()]),
  received_at_ms: z.union([z.string(), z.number()]),
  token_id: z.string(),
  token_name: z.string(),
  owner_id: z.string(),
  owner_email: z.string(),
  tenant: z.string(),
  site: z.string(),
  ip: z.string(),
  invoked_by: z.string(),
  asn: z.coerce.number(),
  country: z.string(),
  user_agent: z.string(),
  request_method: z.string(),
  request_path: z.string(),
  outcome: z.string(),
  outcome_reason: z.string(),
  scopes: z.array(z.string()),
  expires_at_ms: z.union([z.string(), z.number(), z.null()]),
  raw: z.string(),
});
export type EventRow = z.infer<typeof EventRow>;

export const EVENT_COLUMNS = Object.keys(EventRow.shape);

/** The `events` columns written by ingest, in the order `encodeEventRows` writes them. */
export const EVENT_INSERT_COLUMNS = [
  'event_id',
  'schema_version',
  'source',
  'source_event_type',
  'kind',
  'occurred_at',
  'occurred_at_ms',
  'received_at_ms',
  'token_id',
  'token_name',
  'owner_id',
  'owner_email',
  'tenant',
  'site',
  'ip',
  'invoked_by',
  'network',
  'asn',
  'country',
  'user_agent',
  'request_method',
  'request_path',
  'outcome',
  'outcome_reason',
  'scopes',
  'expires_at_ms',
  'raw',
] as const;

/**
 * Events → RowBinary rows of `EVENT_INSERT_COLUMNS`. Absent optional fields are written as the column's empty
 * value ('' / 0 / [] / NULL), which is how the table stores "absent".
 */
export function encodeEventRows(events: readonly TokenEvent[]): Uint8Array {
  const w = new RowBinaryWriter(events.length * 512);
  for (const e of events) {
    w.string(e.event_id)
      .uint8(e.schema_version)
      .string(e.source)
      .string(e.source_event_type)
      .string(e.kind)
      .dateTime(e.occurred_at)
      .uint64(e.occurred_at)
      .uint64(e.received_at)
      .string(e.token_id)
      .string(e.token_name)
      .string(e.owner_id)
      .string(e.owner_email)
      .string(e.tenant)
      .string(e.site)
      .string(e.ip)
      .string(e.invoked_by)
      .string(e.ip ? networkOf(e.ip) : undefined)
      .uint32(e.asn ?? 0)
      .string(e.country)
      .string(e.user_agent)
      .string(e.request?.method)
      .string(e.request?.path)
      .string(e.outcome)
      .string(e.outcome_reason)
      .stringArray(e.scopes)
      .nullableUInt64(e.expires_at)
      .string(e.raw);
  }
  return w.bytes();
}

/**
 * Row → event. Absent optional fields come back absent (the table stores them as '' / 0 / []), so an event
 * with an explicitly empty optional string or empty scopes list reads back without it.
 */
export function rowToEvent(input: unknown): TokenEvent {
  const r = EventRow.parse(input);
  const method = optional(r.request_method);
  const path = optional(r.request_path);
  const event: TokenEvent = {
    schema_version: 1,
    event_id: r.event_id,
    source: r.source as TokenEvent['source'],
    source_event_type: r.source_event_type,
    kind: r.kind as TokenEvent['kind'],
    occurred_at: Number(r.occurred_at_ms),
    received_at: Number(r.received_at_ms),
    token_id: r.token_id,
    outcome: r.outcome as TokenEvent['outcome'],
    raw: r.raw,
  };
  const put = <K extends keyof TokenEvent>(key: K, value: TokenEvent[K] | undefined) => {
    if (value !== undefined) event[key] = value;
  };
  put('token_name', optional(r.token_name));
  put('owner_id', optional(r.owner_id));
  put('owner_email', optional(r.owner_email));
  put('tenant', optional(r.tenant));
  put('site', optional(r.site));
  put('ip', optional(r.ip));
  put('invoked_by', optional(r.invoked_by));
  put('asn', r.asn === 0 ? undefined : r.asn);
  put('country', optional(r.country));
  put('user_agent', optional(r.user_agent));
  if (method !== undefined || path !== undefined) {
    event.request = {};
    if (method !== undefined) event.request.method = method;
    if (path !== undefined) event.request.path = path;
  }
  put('outcome_reason', optional(r.outcome_reason));
  put('scopes', r.scopes.length > 0 ? r.scopes : undefined);
  put('expires_at', toMs(r.expires_at_ms));
  return event;
}

export const DeadLetterRow = z.object({
  dead_letter_id: z.string(),
  received_at_ms: z.union([z.string(), z.number()]),
  origin: z.string(),
  source: z.string(),
  reason: z.string(),
  field_path: z.string(),
  raw: z.string(),
  raw_encoding: z.enum(['utf8', 'base64']),
});

export function deadLetterToRow(d: DeadLetter): Record<string, unknown> {
  return { ...d, received_at: toDateTimeText(d.received_at), received_at_ms: d.received_at };
}

export function rowToDeadLetter(input: unknown): DeadLetter {
  const { received_at_ms, ...rest } = DeadLetterRow.parse(input);
  return { ...rest, received_at: Number(received_at_ms) };
}
