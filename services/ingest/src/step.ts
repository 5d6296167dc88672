import { createHash } from 'node:crypto';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import type { NormaliseContext, NormaliseResult } from '@tokenwatch/sources';

/** What happened to one message: it became events, it goes to the dead-letter path, or there was nothing to do. */
export type StepResult =
  { kind: 'ok'; events: TokenEvent[] } | { kind: 'dlq'; deadLetter: DeadLetter } | { kind: 'drop'; reason: string };

export interface NormaliseFns {
  parseRecordBytes(
    bytes: Uint8Array | string,
  ): { ok: true; record: unknown; text?: string } | { ok: false; reason: string };
  normaliseRecord(record: unknown, ctx: NormaliseContext): NormaliseResult;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Original bytes as text when they are valid UTF-8, else base64 — a dead letter must keep them exactly. */
export function encodeRaw(bytes: Uint8Array): Pick<DeadLetter, 'raw' | 'raw_encoding'> {
  try {
    return { raw: utf8.decode(bytes), raw_encoding: 'utf8' };
  } catch {
    return { raw: Buffer.from(bytes).toString('base64'), raw_encoding: 'base64' };
  }
}

/** Dead-letter ids derive from the origin, so a redelivered message produces the same dead letter. */
export function deadLetterId(origin: string): string {
  return 'dl:' + createHash('sha256').update(origin).digest('hex').slice(0, 32);
}

export interface StepInput {
  value: Uint8Array | null;
  origin: string;
  now: number;
}

/**
 * Pure: one message → ok | dlq | drop. Never throws: a normaliser that throws is a bug, but the record must
 * still end up somewhere visible, so the exception becomes the dead letter's reason.
 */
export function processMessage(
  input: StepInput,
  fns: NormaliseFns,
  ctx: Omit<NormaliseContext, 'now'> = {},
): StepResult {
  const value = input.value;
  if (value === null) return { kind: 'drop', reason: 'tombstone' };
  try {
    const parsed = fns.parseRecordBytes(value);
    if (!parsed.ok) return deadLetter(input, value, 'unknown', parsed.reason, '');
    const result = fns.normaliseRecord(parsed.record, { ...ctx, now: input.now, recordText: parsed.text });
    if (!result.ok) return deadLetter(input, value, result.source, result.reason, result.field_path);
    if (result.events.length === 0) return { kind: 'drop', reason: result.ignored ?? 'no token events in record' };
    return { kind: 'ok', events: result.events };
  } catch (error) {
    return deadLetter(input, value, 'unknown', `normaliser failed: ${(error as Error).message}`, '');
  }
}

function deadLetter(
  input: StepInput,
  value: Uint8Array,
  source: string,
  reason: string,
  field_path: string,
): StepResult {
  return {
    kind: 'dlq',
    deadLetter: {
      dead_letter_id: deadLetterId(input.origin),
      received_at: input.now,
      origin: input.origin,
      source,
      reason,
      field_path,
      ...encodeRaw(value),
    },
  };
}
