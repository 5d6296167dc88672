import { z } from 'zod';
import { EpochMs, TokenEvent } from './token-event';

/** A point in time as senders write it: epoch milliseconds, or an ISO-8601 date-time (UTC when no offset). */
export const TimeInput = z.union([
  EpochMs,
  z.iso.datetime({ offset: true, local: true, message: 'expected epoch milliseconds or an ISO-8601 date-time' }),
]);

const field = TokenEvent.shape;

/**
 * The canonical event as anyone may send it (source `generic`): a TokenEvent where times may be ISO-8601 strings,
 * and `event_id`, `raw`, `schema_version`, `outcome` and `received_at` may be left out (ids are then derived from
 * the record, `received_at` is always set on arrival, a missing outcome is `unknown`). Unknown fields are allowed
 * and kept in `raw`. Built from TokenEvent's shape, so a field added there is accepted here too.
 */
export const CanonicalEventInput = z.object({
  ...field,
  schema_version: field.schema_version.optional(),
  event_id: field.event_id.optional(),
  source: field.source.optional(),
  source_event_type: field.source_event_type.optional(),
  occurred_at: TimeInput,
  received_at: TimeInput.optional(),
  /** IPv4 or IPv6 in any usual notation; normalised on arrival. */
  ip: z.string().max(64).optional(),
  request: z.object({ method: z.string().max(16).optional(), path: z.string().max(4096).optional() }).optional(),
  outcome: field.outcome.optional(),
  expires_at: TimeInput.optional(),
  raw: z.string().optional(),
});
export type CanonicalEventInput = z.input<typeof CanonicalEventInput>;
