import { describe, expect, it } from 'vitest';
import { RAW_MAX_BYTES, TokenEvent, type Source } from '@tokenwatch/schema';
import { fixtureBytes, fixtureLines, fixtureText } from './fixtures';
import { detectSource, normaliseRecord, parseTableauMapping, parseRecordBytes, type NormaliseResult } from './index';

const NOW = Date.UTC(2026, 2, 2, 18, 0, 0);

function events(result: NormaliseResult): TokenEvent[] {
  if (!result.ok) throw new Error(`rejected: ${result.field_path}: ${result.reason}`);
  for (const event of result.events) TokenEvent.parse(event);
  return result.events;
}
const one = (result: NormaliseResult) => {
  const list = events(result);
  expect(list).toHaveLength(1);
  return list[0]!;
};
const rejected = (result: NormaliseResult) => {
  if (result.ok) throw new Error('expected a reject');
  return result;
};

describe('Tableau Cloud Activity Log', () => {
  const [revokeUser, revokeTenant, nestedFailedLogin, epochLogin, revokeSessions, workbook, passwordLogin] =
    fixtureLines('tableau-cloud.jsonl');

  it('batch_revoke_personal_access_token with patUserId revokes all PATs of that user', () => {
    const event = one(normaliseRecord(revokeUser, { now: NOW }));
    expect(event).toMatchObject({
      source: 'tableau_cloud',
      kind: 'token.revoked',
      token_id: 'tnt-42/9f8e7d6c-user/*',
      owner_id: '9f8e7d6c-user',
      tenant: 'tnt-42',
      outcome: 'success',
      occurred_at: Date.UTC(2026, 2, 2, 10, 15, 30, 123),
      received_at: NOW,
    });
    expect(event.event_id).toMatch(/^tableau_cloud:[0-9a-f]{32}$/);
  });

  it('batch_revoke_personal_access_token without patUserId revokes every PAT of the tenant', () => {
    const event = one(normaliseRecord(revokeTenant, { now: NOW }));
    expect(event).toMatchObject({ kind: 'token.revoked', token_id: 'tnt-42/*', tenant: 'tnt-42' });
    expect(event.owner_id).toBeUndefined();
  });

  it('reads {event:{…}}-nested records, IPv6, and maps a failed PAT sign-in to token.auth_failed', () => {
    const event = one(normaliseRecord(nestedFailedLogin, { now: NOW }));
    expect(event).toMatchObject({
      kind: 'token.auth_failed',
      outcome: 'failure',
      ip: '2001:db8::1',
      token_id: 'site-1/9f8e7d6c-user/ci-export',
      token_name: 'ci-export',
      outcome_reason: 'eventOutcome unauthorized: invalid PAT secret',
    });
    expect(JSON.parse(event.raw)).toEqual(nestedFailedLogin);
  });

  it('null eventOutcome is unknown (never success); epoch-ms time, missing IP and unknown fields are fine', () => {
    const event = one(normaliseRecord(epochLogin, { now: NOW }));
    expect(event).toMatchObject({
      kind: 'token.used',
      outcome: 'unknown',
      occurred_at: 1772449200000,
      token_id: '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9',
    });
    expect(event.ip).toBeUndefined();
    expect(event.raw).toContain('someFutureField');
  });

  it('batch_revoke_session is a session revocation for that user', () => {
    expect(one(normaliseRecord(revokeSessions, { now: NOW }))).toMatchObject({
      kind: 'session.revoked',
      token_id: 'tnt-42/9f8e7d6c-user/*',
    });
  });

  it('ignores event types that are not token events, and sign-ins that name no PAT, saying why', () => {
    expect(normaliseRecord(workbook, { now: NOW })).toEqual({
      ok: true,
      source: 'tableau_cloud',
      events: [],
      ignored: 'eventType create_workbook is not mapped to a token event',
    });
    const login = normaliseRecord(passwordLogin, { now: NOW });
    expect(login.ok && login.events.length === 0 && login.ignored).toMatch(/without a personal access token/);
  });

  it('takes the eventType from /eventType=<name>/ in the file path when the record lacks it', () => {
    const record = { eventTime: '2026-03-02T10:00:00Z', tenantId: 't1', patUserId: 'u1' };
    const path = 's3://bucket/activity/eventType=batch_revoke_personal_access_token/2026/03/02/part-0.json';
    expect(detectSource(record, path)).toBe('tableau_cloud');
    expect(one(normaliseRecord(record, { now: NOW, filePath: path }))).toMatchObject({
      source_event_type: 'batch_revoke_personal_access_token',
      token_id: 't1/u1/*',
    });
    expect(rejected(normaliseRecord(record, { now: NOW, source: 'tableau_cloud' }))).toMatchObject({
      field_path: 'eventType',
    });
  });

  it('rejects naming the field: missing eventTime, epoch seconds, a PAT event that names no token', () => {
    const base = { eventType: 'login_authentication', tokenGuid: 'g1', siteLuid: 's' };
    expect(rejected(normaliseRecord(base, { now: NOW }))).toMatchObject({ field_path: 'eventTime' });
    expect(rejected(normaliseRecord({ ...base, eventTime: 1772449200 }, { now: NOW })).reason).toMatch(/seconds/);
    const created = { eventType: 'create_personal_access_token', eventTime: '2026-03-02T10:00:00Z' };
    expect(rejected(normaliseRecord(created, { now: NOW }))).toMatchObject({ field_path: 'tokenGuid' });
  });

  it('uses an operator mapping: new event types, and null removes a default', () => {
    const parsed = parseTableauMapping({
      eventTypes: {
        pat_used: { kind: 'token.used', tokenGuid: ['patLuid'] },
        login_authentication: null,
      },
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const custom = { eventType: 'pat_used', eventTime: '2026-03-02T10:00:00Z', patLuid: 'p-1' };
    expect(one(normaliseRecord(custom, { now: NOW, tableauMapping: parsed.mapping }))).toMatchObject({
      kind: 'token.used',
      token_id: 'p-1',
    });
    const [, , , epochLoginAgain] = fixtureLines('tableau-cloud.jsonl');
    const removed = normaliseRecord(epochLoginAgain, { now: NOW, tableauMapping: parsed.mapping });
    expect(removed.ok && removed.events).toEqual([]);
    expect(parseTableauMapping({ eventTypes: { x: { kind: 'token.stolen' } } })).toMatchObject({
      ok: false,
      field_path: 'eventTypes.x.kind',
    });
  });
});

describe('Tableau Server Activity Log', () => {
  const path = '/var/opt/tableau/logs/vizportal/vizportal_0-cepp-canonical-events_2026_03_02.log';
  const [login, envelope, revoke] = fixtureLines('tableau-server.jsonl');

  it('is told from Tableau Cloud by its file name', () => {
    expect(detectSource(login, path)).toBe('tableau_server');
    expect(detectSource(login)).toBe('tableau_cloud');
  });

  it('reads flat records and the {ts,k,v} log envelope', () => {
    expect(one(normaliseRecord(login, { now: NOW, filePath: path }))).toMatchObject({
      source: 'tableau_server',
      kind: 'token.used',
      outcome: 'success',
      token_id: 'srv-pat-guid-1',
      token_name: 'nightly-refresh',
      ip: '10.1.2.3',
    });
    expect(one(normaliseRecord(envelope, { now: NOW, filePath: path }))).toMatchObject({
      kind: 'token.auth_failed',
      occurred_at: Date.UTC(2026, 2, 2, 8, 5),
      token_id: 'srv-site-1/srv-user-5/nightly-refresh',
    });
    expect(one(normaliseRecord(revoke, { now: NOW, filePath: path }))).toMatchObject({
      kind: 'token.revoked',
      token_id: 'srv-pat-guid-1',
      owner_id: 'srv-user-5',
    });
  });
});

describe('GitHub audit log', () => {
  const [use, revoked, hashedOnly, noToken] = fixtureLines('github.jsonl');

  it('a record carrying a token is a use of it; outcome stays unknown', () => {
    expect(one(normaliseRecord(use, { now: NOW }))).toMatchObject({
      event_id: 'gh-doc-1',
      source: 'github',
      kind: 'token.used',
      token_id: 'github:1234567',
      ip: '198.51.100.4',
      scopes: ['repo', 'read:org'],
      outcome: 'unknown',
      occurred_at: 1772445600000,
    });
  });

  it('maps PAT lifecycle actions, IPv4-mapped IPv6, hashed_token-only records, and ignores token-less ones', () => {
    expect(one(normaliseRecord(revoked, { now: NOW }))).toMatchObject({ kind: 'token.revoked', owner_id: 'octocat' });
    expect(one(normaliseRecord(hashedOnly, { now: NOW }))).toMatchObject({
      token_id: 'github:hashed:Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5=',
      ip: '198.51.100.9',
    });
    expect(events(normaliseRecord(noToken, { now: NOW }))).toEqual([]);
  });
});

describe('AWS CloudTrail', () => {
  it('reads a gzip {"Records":[…]} file: uses, key lifecycle, service-name source addresses', () => {
    const file = parseRecordBytes(fixtureBytes('cloudtrail.json.gz'));
    if (!file.ok) throw new Error(file.reason);
    const list = events(normaliseRecord(file.record, { now: NOW }));
    expect(list.map((e) => [e.source_event_type, e.kind, e.token_id, e.outcome])).toEqual([
      ['ListBuckets', 'token.used', 'AKIAIOSFODNN7EXAMPLE', 'success'],
      ['GetUser', 'token.used', 'AKIAIOSFODNN7EXAMPLE', 'success'],
      ['CreateAccessKey', 'token.created', 'AKIANEWKEYEXAMPLE01', 'success'],
      ['UpdateAccessKey', 'token.revoked', 'AKIANEWKEYEXAMPLE01', 'success'],
      ['DeleteAccessKey', 'token.revoked', 'AKIANEWKEYEXAMPLE01', 'success'],
      ['GetCallerIdentity', 'token.auth_failed', 'AKIANEWKEYEXAMPLE01', 'failure'],
    ]);
    const [, viaService, created, inactive, , failed] = list;
    expect(viaService!.ip).toBeUndefined();
    expect(viaService!.invoked_by).toBe('cloudformation.amazonaws.com');
    expect(inactive!.invoked_by).toBe('AWS Internal');
    expect(created).toMatchObject({ ip: '2001:db8:1::7', owner_id: 'bob' });
    expect(failed!.outcome_reason).toMatch(/^InvalidClientTokenId: /);
  });

  it('a single record works as well; a bad record in a file names its index', () => {
    const { Records } = JSON.parse(fixtureText('cloudtrail.json')) as { Records: Record<string, unknown>[] };
    expect(one(normaliseRecord(Records[0], { now: NOW })).event_id).toBe('3b2a1c0d-0000-4000-8000-000000000001');
    const broken = { Records: [Records[0], { ...Records[1], eventTime: 'yesterday' }] };
    expect(rejected(normaliseRecord(broken, { now: NOW }))).toMatchObject({ field_path: 'Records.1.eventTime' });
    expect(events(normaliseRecord(Records[6], { now: NOW }))).toEqual([]); // console sign-in: no access key
  });
});

describe('Databricks audit log', () => {
  const [login, failed, generated, revoked, unrelated] = fixtureLines('databricks.jsonl');

  it('maps token actions in both spellings; status code gives the outcome, absent → unknown', () => {
    expect(one(normaliseRecord(login, { now: NOW }))).toMatchObject({
      event_id: 'dbx-evt-1',
      kind: 'token.used',
      token_id: 'databricks:dapi-token-77',
      outcome: 'success',
      owner_email: 'ana@example.com',
    });
    expect(one(normaliseRecord(failed, { now: NOW }))).toMatchObject({ kind: 'token.auth_failed', outcome: 'failure' });
    expect(one(normaliseRecord(generated, { now: NOW }))).toMatchObject({
      kind: 'token.created',
      token_id: 'databricks:dapi-token-78',
      occurred_at: 1772435000000,
    });
    expect(one(normaliseRecord(revoked, { now: NOW }))).toMatchObject({ kind: 'token.revoked', outcome: 'unknown' });
    expect(events(normaliseRecord(unrelated, { now: NOW }))).toEqual([]);
  });
});

describe('canonical format', () => {
  const [plain, full, withOffset] = fixtureLines('canonical.jsonl');

  it('accepts ISO or epoch-ms times, derives ids, keeps given ids, normalises IPs, sets received_at', () => {
    const a = one(normaliseRecord(plain, { now: NOW }));
    expect(a).toMatchObject({ source: 'generic', occurred_at: Date.UTC(2026, 2, 2, 6), received_at: NOW });
    expect(a.event_id).toMatch(/^generic:/);
    expect(one(normaliseRecord(full, { now: NOW }))).toMatchObject({
      event_id: 'custom-2',
      outcome: 'unknown',
      received_at: NOW,
    });
    expect(one(normaliseRecord(withOffset, { now: NOW }))).toMatchObject({
      occurred_at: Date.UTC(2026, 2, 2, 5, 10, 0, 250),
      expires_at: Date.UTC(2026, 8, 2),
    });
  });

  it('rejects naming the field', () => {
    const base = { kind: 'token.used', occurred_at: '2026-03-02T06:00:00Z', token_id: 't' };
    expect(rejected(normaliseRecord({ ...base, ip: 'iam.amazonaws.com' }, { now: NOW })).field_path).toBe('ip');
    expect(rejected(normaliseRecord({ ...base, kind: 'token.stolen' }, { now: NOW })).field_path).toBe('kind');
    expect(rejected(normaliseRecord({ ...base, token_id: '' }, { now: NOW })).field_path).toBe('token_id');
  });
});

describe('any input', () => {
  it.each<[unknown, string]>([
    [null, ''],
    [42, ''],
    ['text', ''],
    [[1, 2], ''],
    [{ hello: 'world' }, ''],
  ])('%j is rejected as unrecognised, not thrown', (record) => {
    expect(rejected(normaliseRecord(record, { now: NOW }))).toMatchObject({ source: 'unknown', field_path: '' });
  });

  it('a forced source on a non-object says so', () => {
    const sources: Source[] = ['tableau_cloud', 'github', 'aws_cloudtrail', 'databricks', 'generic'];
    for (const source of sources)
      expect(rejected(normaliseRecord([1], { now: NOW, source })).reason).toBe('expected a JSON object');
  });

  it("keeps the sender's own text as raw when given (capped), and the parsed record's JSON otherwise", () => {
    const text = '{ "token_id": "t", "kind": "token.used",  "occurred_at": "2026-03-02T06:00:00Z" }';
    const record = JSON.parse(text) as unknown;
    expect(one(normaliseRecord(record, { now: NOW, recordText: text })).raw).toBe(text);
    expect(one(normaliseRecord(record, { now: NOW })).raw).toBe(JSON.stringify(record));
    const huge = JSON.stringify({ ...(record as object), pad: 'x'.repeat(40_000) });
    const raw = one(normaliseRecord(JSON.parse(huge), { now: NOW, recordText: huge })).raw;
    expect(raw.endsWith('…[truncated]')).toBe(true);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(RAW_MAX_BYTES);
    // A CloudTrail file's events keep their own record each, never the whole file.
    const { Records } = JSON.parse(fixtureText('cloudtrail.json')) as { Records: Record<string, unknown>[] };
    const file = { Records: Records.slice(0, 2) };
    const list = events(normaliseRecord(file, { now: NOW, recordText: JSON.stringify(file, null, 2) }));
    expect(list.map((e) => JSON.parse(e.raw) as unknown)).toEqual(Records.slice(0, 2));
  });

  it('parseRecordBytes explains bad bytes', () => {
    expect(parseRecordBytes('')).toEqual({ ok: false, reason: 'empty record' });
    expect(parseRecordBytes(new Uint8Array([0xff, 0xfe, 0x00]))).toEqual({ ok: false, reason: 'not valid UTF-8' });
    const reasonOf = (result: ReturnType<typeof parseRecordBytes>) => (result.ok ? 'parsed' : result.reason);
    expect(reasonOf(parseRecordBytes('{"a":'))).toMatch(/^not valid JSON/);
    expect(parseRecordBytes('\uFEFF{"a":1} \n')).toEqual({ ok: true, record: { a: 1 }, text: '{"a":1}' });
    expect(reasonOf(parseRecordBytes(new Uint8Array([0x1f, 0x8b, 1, 2])))).toMatch(/^not valid gzip/);
  });
});
