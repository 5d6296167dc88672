import { TokenEvent } from '@tokenwatch/schema';
import { normaliseRecord, parseRecordBytes, type TableauMapping } from '@tokenwatch/sources';

export interface DecodeOptions {
  /** The operator's Tableau eventType mapping (TOKENWATCH_TABLEAU_MAPPING); must be the one ingest uses. */
  tableauMapping?: TableauMapping;
}

/**
 * A message is a canonical event (what ingest's HTTP collector and `tokenwatch import` produce) or a raw vendor
 * record (what a log shipper produces). Raw records go through the same deterministic normaliser ingest uses,
 * with the same Tableau mapping, so both consumer groups see the same events with the same ids and kinds.
 * Undefined: not a token event at all (ingest dead-letters it; here it is only counted).
 */
export function decodeEvents(value: Uint8Array | null, options: DecodeOptions = {}): TokenEvent[] | undefined {
  if (!value) return undefined;
  const parsed = parseRecordBytes(value);
  if (!parsed.ok) return undefined;
  const canonical = TokenEvent.safeParse(parsed.record);
  if (canonical.success) return [canonical.data];
  const normalised = normaliseRecord(parsed.record, {
    now: Date.now(),
    ...(options.tableauMapping ? { tableauMapping: options.tableauMapping } : {}),
  });
  return normalised.ok && normalised.events.length > 0 ? normalised.events : undefined;
}
