import { z } from 'zod';
import { EVENT_KINDS, EpochMs, OUTCOMES, SOURCES, TOKEN_EVENT_SCHEMA_VERSION } from './token-event';

/** A point in time as senders write it: epoch milliseconds, or an ISO-8601 date-time (UTC when no offset). */
export const TimeInput = z.union([
  EpochMs,
  z.iso.datetime({ offset: true, local: true, message: 'expected epoch milliseconds or an ISO-8601 date-time' }),
]);

const Text = (max: number) => z.string().max(max);

/**
 * The canonical event as anyone may send it (source `generic`): a TokenEvent where times may be ISO-8601 strings,
 * and `event_id`, `raw`, `schema_version`, `outcome` and `received_at` may be left out (ids are then derived from
 * the record, `received_at` is always set on arrival, a missing outcome is `unknown`). Unknown fields are allowed
 * and kept in `raw`.
 */
export const CanonicalEventInput = z.object({
  schema_version: z.literal(TOKEN_EVENT_SCHEMA_VERSION).optional(),
  event_id: z.string().min(1).max(200).optional(),
  source: z.enum(SOURCES).optional(),
  source_event_type: Text(256).optional(),
  kind: z.enum(EVENT_KINDS),
  occurred_at: TimeInput,
  received_at: TimeInput.optional(),
  token_id: z.string().min(1, 'token id is required').max(512),
  token_name: Text(512).optional(),
  owner_id: Text(512).optional(),
  owner_email: Text(512).optional(),
  tenant: Text(512).optional(),
  site: Text(512).optional(),
  /** IPv4 or IPv6 in any usual notation; normalised on arrival. */
  ip: Text(64).optional(),
  invoked_by: Text(256).optional(),
  asn: z.number().int().min(0).max(4294967295).optional(),
  country: z.string().length(2).optional(),
  user_agent: Text(2048).optional(),
  request: z.object({ method: Text(16).optional(), path: Text(4096).optional() }).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  outcome_reason: Text(2048).optional(),
  scopes: z.array(Text(256)).max(256).optional(),
  expires_at: TimeInput.optional(),
  raw: z.string().optional(),
});
export type CanonicalEventInput = z.input<typeof CanonicalEventInput>;
