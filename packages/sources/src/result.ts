import type { Source, TokenEvent } from '@tokenwatch/schema';
import type { TableauMapping } from './tableau-mapping';

/**
 * What one record became. `ok` with zero events is a record that is valid but says nothing about a token (a
 * CloudTrail console sign-in, a Tableau `create_workbook`); `ignored` then says why, for counters.
 */
export type NormaliseResult =
  | { ok: true; source: Source; events: TokenEvent[]; ignored?: string }
  | { ok: false; source: Source | 'unknown'; reason: string; field_path: string };

export interface NormaliseContext {
  /** Epoch ms; becomes received_at. */
  now: number;
  /** Overrides auto-detection. */
  source?: Source;
  /** Tableau's eventType may only be known from "/eventType=<name>/" in the file path. */
  filePath?: string;
  /**
   * The record's own JSON text, when the caller has it (ingest reads it from the message): kept as `raw` instead
   * of serialising the parsed record again — the sender's exact text is better evidence and costs nothing.
   */
  recordText?: string;
  /** Operator-extended eventType → kind mapping; the built-in defaults when absent. */
  tableauMapping?: TableauMapping;
}

/** The fields a normaliser fills; `buildEvent` adds the constant ones and drops absent optionals. */
export type EventFields = Omit<TokenEvent, 'schema_version' | 'received_at' | 'raw'>;

export function buildEvent(fields: EventFields, now: number, raw: string): TokenEvent {
  const event: Record<string, unknown> = { schema_version: 1 };
  // for…in over the object literal a normaliser built (own keys only): no entry arrays per event.
  for (const key in fields) {
    const value = fields[key as keyof EventFields];
    if (value !== undefined) event[key] = value;
  }
  event.received_at = now;
  event.raw = raw;
  return event as TokenEvent;
}
