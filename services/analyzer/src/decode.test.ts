import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableauMappingFromSetting } from '@tokenwatch/sources';
import { decodeEvents } from './decode';
import { loadAnalyzerEnv } from './env';

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

  it('normalises Tableau records with the operator mapping of TOKENWATCH_TABLEAU_MAPPING, as ingest does', () => {
    const record = {
      eventType: 'pat_signin_custom',
      eventTime: '2026-11-27T10:00:00Z',
      eventOutcome: 'success',
      siteLuid: 'site-1',
      initiatingUserLuid: 'user-1',
      tokenGuid: 'guid-1',
    };
    const bytes = Buffer.from(JSON.stringify(record));
    // Without the mapping the eventType is not a token event.
    expect(decodeEvents(bytes)).toBeUndefined();
    const file = join(mkdtempSync(join(tmpdir(), 'tw-mapping-')), 'mapping.json');
    writeFileSync(file, JSON.stringify({ eventTypes: { pat_signin_custom: { kind: 'token.used' } } }));
    const env = loadAnalyzerEnv({ TOKENWATCH_TABLEAU_MAPPING: file });
    const tableauMapping = tableauMappingFromSetting(env.TOKENWATCH_TABLEAU_MAPPING)!;
    expect(decodeEvents(bytes, { tableauMapping })).toMatchObject([
      { source: 'tableau_cloud', kind: 'token.used', token_id: 'guid-1', source_event_type: 'pat_signin_custom' },
    ]);
  });
});
