import { z } from 'zod';
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

/**
 * Event → JSONEachRow row. Absent optional fields are left out: every ClickHouse version fills an omitted column
 * with its type's default ('' / 0 / [] / NULL), which is how the table stores "absent" — and a shorter row is less
 * to serialise and parse on the ingest hot path.
 */
export function eventToRow(e: TokenEvent): Record<string, unknown> {
  const row: Record<string, unknown> = {
    event_id: e.event_id,
    schema_version: e.schema_version,
    source: e.source,
    source_event_type: e.source_event_type,
    kind: e.kind,
    // Epoch seconds: every ClickHouse version reads a number into DateTime, and it is cheaper than date text.
    occurred_at: Math.floor(e.occurred_at / 1000),
    occurred_at_ms: e.occurred_at,
    received_at_ms: e.received_at,
    token_id: e.token_id,
    outcome: e.outcome,
    raw: e.raw,
  };
  if (e.token_name !== undefined) row.token_name = e.token_name;
  if (e.owner_id !== undefined) row.owner_id = e.owner_id;
  if (e.owner_email !== undefined) row.owner_email = e.owner_email;
  if (e.tenant !== undefined) row.tenant = e.tenant;
  if (e.site !== undefined) row.site = e.site;
  if (e.ip) {
    row.ip = e.ip;
    row.network = networkOf(e.ip);
  }
  if (e.invoked_by !== undefined) row.invoked_by = e.invoked_by;
  if (e.asn !== undefined) row.asn = e.asn;
  if (e.country !== undefined) row.country = e.country;
  if (e.user_agent !== undefined) row.user_agent = e.user_agent;
  if (e.request?.method !== undefined) row.request_method = e.request.method;
  if (e.request?.path !== undefined) row.request_path = e.request.path;
  if (e.outcome_reason !== undefined) row.outcome_reason = e.outcome_reason;
  if (e.scopes !== undefined) row.scopes = e.scopes;
  if (e.expires_at !== undefined) row.expires_at_ms = e.expires_at;
  return row;
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
