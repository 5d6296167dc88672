import { TokenEvent } from '@tokenwatch/schema';
import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';

/**
 * A message is a canonical event (what ingest's HTTP collector and `tokenwatch import` produce) or a raw vendor
 * record (what a log shipper produces). Raw records go through the same deterministic normaliser ingest uses,
 * so both consumer groups see the same events with the same ids. Undefined: not a token event at all (ingest
 * dead-letters it; here it is only counted).
 */
export function decodeEvents(value: Uint8Array | null): TokenEvent[] | undefined {
  if (!value) return undefined;
  const parsed = parseRecordBytes(value);
  if (!parsed.ok) return undefined;
  const canonical = TokenEvent.safeParse(parsed.record);
  if (canonical.success) return [canonical.data];
  const normalised = normaliseRecord(parsed.record, { now: Date.now() });
  return normalised.ok && normalised.events.length > 0 ? normalised.events : undefined;
}
