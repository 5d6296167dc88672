import { describe, expect, it } from 'vitest';
import { decodeEvents } from './decode';

const canonical = {
  schema_version: 1,
  event_id: 'e-1',
  source: 'generic',
  source_event_type: 'api.call',
  kind: 'token.used',
  occurred_at: Date.UTC(2026, 10, 27, 10),
  received_at: Date.UTC(2026, 10, 27, 10, 0, 1),
  token_id: 'tok-1',
  outcome: 'success',
  raw: '{}',
};

describe('decodeEvents (what the analyzer reads from auth-events)', () => {
  it('takes a canonical event as it is', () => {
    expect(decodeEvents(Buffer.from(JSON.stringify(canonical)))).toEqual([canonical]);
  });

  it('normalises a raw vendor record with the same deterministic id ingest gives it', () => {
    const record = {
      eventVersion: '1.08',
      eventTime: '2026-11-27T10:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      sourceIPAddress: '203.0.113.7',
      eventID: 'ct-123',
      userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAEXAMPLEKEY000001', userName: 'svc' },
    };
    const first = decodeEvents(Buffer.from(JSON.stringify(record)));
    const second = decodeEvents(Buffer.from(JSON.stringify(record)));
    expect(first).toHaveLength(1);
    expect(first![0]).toMatchObject({
      source: 'aws_cloudtrail',
      token_id: 'AKIAEXAMPLEKEY000001',
      ip: '203.0.113.7',
      kind: 'token.used',
    });
    expect(first![0]!.event_id).toBe(second![0]!.event_id);
  });

  it('skips what is not a token event', () => {
    expect(decodeEvents(null)).toBeUndefined();
    expect(decodeEvents(Buffer.from('{"broken'))).toBeUndefined();
    expect(decodeEvents(Buffer.from('[1,2]'))).toBeUndefined();
  });
});
