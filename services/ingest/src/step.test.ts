import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import { deadLetterId, processMessage, type NormaliseFns } from './step';

const ok: TokenEvent = {
  schema_version: 1,
  event_id: 'e1',
  source: 'generic',
  source_event_type: 'x',
  kind: 'token.used',
  occurred_at: 1_764_000_000_000,
  received_at: 1_764_000_000_000,
  token_id: 't',
  outcome: 'success',
  raw: '{}',
};

// A stand-in normaliser: the real ones are tested in @tokenwatch/sources; here only the routing matters.
const fns: NormaliseFns = {
  parseRecordBytes: (bytes) => {
    try {
      return { ok: true, record: JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown };
    } catch (error) {
      return { ok: false, reason: `not JSON: ${(error as Error).message}` };
    }
  },
  normaliseRecord: (record) => {
    const r = record as { kind?: string };
    if (r.kind === 'bad')
      return { ok: false, source: 'generic', reason: 'token id is required', field_path: 'token_id' };
    if (r.kind === 'empty') return { ok: true, source: 'generic', events: [] };
    if (r.kind === 'throw') throw new Error('boom');
    return { ok: true, source: 'generic', events: [ok] };
  },
};

const input = (value: string | Uint8Array | null) => ({
  value: typeof value === 'string' ? Buffer.from(value) : value,
  origin: 'kafka:auth-events/0@1',
  now: 1_764_000_000_500,
});

describe('processMessage', () => {
  it("hands the record's own text to the normaliser (it becomes raw instead of a re-serialisation)", () => {
    const seen: (string | undefined)[] = [];
    const spy: NormaliseFns = {
      parseRecordBytes: (bytes) => ({ ok: true, record: {}, text: Buffer.from(bytes).toString('utf8').trim() }),
      normaliseRecord: (_record, ctx) => {
        seen.push(ctx.recordText);
        return { ok: true, source: 'generic', events: [ok] };
      },
    };
    processMessage(input(' {"kind": "ok"}\n'), spy);
    expect(seen).toEqual(['{"kind": "ok"}']);
  });

  it('turns a valid record into events', () => {
    expect(processMessage(input('{"kind":"ok"}'), fns)).toEqual({ kind: 'ok', events: [ok] });
  });

  it('dead-letters bytes that are not JSON with the parse reason and the exact bytes', () => {
    const result = processMessage(input('{"broken'), fns);
    expect(result.kind).toBe('dlq');
    if (result.kind !== 'dlq') return;
    expect(result.deadLetter).toMatchObject({
      dead_letter_id: deadLetterId('kafka:auth-events/0@1'),
      origin: 'kafka:auth-events/0@1',
      source: 'unknown',
      field_path: '',
      raw: '{"broken',
      raw_encoding: 'utf8',
      received_at: 1_764_000_000_500,
    });
    expect(result.deadLetter.reason).toMatch(/^not JSON/);
  });

  it('keeps bytes that are not UTF-8 as base64', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x7b]);
    const result = processMessage(input(bytes), fns);
    expect(result.kind === 'dlq' && result.deadLetter).toMatchObject({
      raw: Buffer.from(bytes).toString('base64'),
      raw_encoding: 'base64',
    });
  });

  it('dead-letters a record the normaliser rejects, with its field and reason', () => {
    const result = processMessage(input('{"kind":"bad"}'), fns);
    expect(result.kind === 'dlq' && result.deadLetter).toMatchObject({
      reason: 'token id is required',
      field_path: 'token_id',
      source: 'generic',
    });
  });

  it('never throws, even when a normaliser does', () => {
    const result = processMessage(input('{"kind":"throw"}'), fns);
    expect(result.kind === 'dlq' && result.deadLetter.reason).toBe('normaliser failed: boom');
  });

  it('drops tombstones and records without token events', () => {
    expect(processMessage(input(null), fns)).toEqual({ kind: 'drop', reason: 'tombstone' });
    expect(processMessage(input('{"kind":"empty"}'), fns)).toEqual({
      kind: 'drop',
      reason: 'no token events in record',
    });
  });

  it('gives a redelivered message the same dead-letter id', () => {
    const a = processMessage(input('nope'), fns);
    const b = processMessage({ ...input('nope'), now: 2_000_000_000_000 }, fns);
    expect(a.kind === 'dlq' && b.kind === 'dlq' && a.deadLetter.dead_letter_id === b.deadLetter.dead_letter_id).toBe(
      true,
    );
  });
});
