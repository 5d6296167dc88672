import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type ClickHouse } from '@tokenwatch/clickhouse';
import type { App } from './app';
import { apiKeyTokenId } from './key-use';
import { openHarness, tokenId, TOKENS, type Harness, type Key } from './test-harness';
import { DAY, T0 } from './test-support';

let h: Harness;
let db: ClickHouse;
let app: App;
let read: Key;
let admin: Key;
let triage: Key;
let ingestOnly: Key;

beforeAll(async () => {
  h = await openHarness();
  ({ app, db } = h);
  ({ read, admin, triage, ingest: ingestOnly } = h.keys);
});

afterAll(() => h?.close());

const auth = (h: { authorization: string }) => ({ authorization: h.authorization });
async function get(url: string, headers: { authorization: string } = read) {
  const response = await app.inject({ method: 'GET', url, headers: auth(headers) });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>(), response };
}
const ids = (body: Record<string, unknown>) => (body.items as { token_id: string }[]).map((t) => t.token_id);

describe('authentication and errors', () => {
  it.each([
    ['no key', {}],
    ['a malformed key', { authorization: 'Bearer nope' }],
    ['an unknown key', { authorization: `Bearer twk_0000000000000000_${'a'.repeat(43)}` }],
    ['a basic header', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 with the error format to %s', async (_name, headers) => {
    const response = await app.inject({ method: 'GET', url: '/v1/tokens', headers });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      error: { code: 'unauthorized', request_id: expect.any(String) as unknown },
    });
  });

  it('answers 401 to a known key id with a wrong secret, and 403 to a key without the scope', async () => {
    const wrong = read.authorization.slice(0, -5) + 'AAAAA';
    expect((await app.inject({ url: '/v1/tokens', headers: { authorization: wrong } })).statusCode).toBe(401);
    const forbidden = await get('/v1/tokens', ingestOnly);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await get('/v1/tokens', admin)).status).toBe(200);
  });

  it('names the field and reason of a bad parameter, rejects unknown parameters and forged cursors', async () => {
    const bad = await get('/v1/tokens?limit=0&status=lost');
    expect(bad.status).toBe(400);
    const details = (bad.body.error as { details: { field: string }[] }).details.map((d) => d.field).sort();
    expect(details).toEqual(['query.limit', 'query.status']);
    expect((await get('/v1/tokens?colour=red')).status).toBe(400);
    const forged = await get('/v1/tokens?cursor=' + Buffer.from('{"token_id":7}').toString('base64url'));
    expect(forged.body).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'query.cursor' }] } });
  });

  it('answers 404 in the error format for unknown routes and ids', async () => {
    expect((await get('/v1/nothing')).body).toMatchObject({ error: { code: 'not_found' } });
    expect((await get('/v1/tokens/nope')).status).toBe(404);
    expect((await get('/v1/tokens/nope/timeline')).status).toBe(404);
    expect((await get('/v1/tokens/nope/usage')).status).toBe(404);
  });

  it('sends security headers', async () => {
    const { response } = await get('/v1/tokens');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});

describe('tokens', () => {
  it('pages through every token in order with cursors', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(`/v1/tokens?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page.body));
      cursor = page.body.next_cursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: TOKENS }, (_, i) => tokenId(i)));
  });

  it('filters by status, owner (id or e-mail), source, staleness and expiry', async () => {
    expect(ids((await get('/v1/tokens?status=revoked')).body)).toEqual(['tok-00', 'tok-10', 'tok-20']);
    const byId = ids((await get('/v1/tokens?owner=owner-1&limit=500')).body);
    expect(byId).toEqual(ids((await get('/v1/tokens?owner=owner1@example.com&limit=500')).body));
    expect(byId).toHaveLength(10);
    expect(ids((await get('/v1/tokens?source=github&limit=500')).body).every((t) => Number(t.slice(4)) % 2 === 1)).toBe(
      true,
    );
    // Stale ≥ 20 days: never used (0–4) or last used 20+ days ago (20–29).
    expect(ids((await get('/v1/tokens?stale_days=20&limit=500')).body)).toEqual(
      [0, 1, 2, 3, 4, ...Array.from({ length: 10 }, (_, i) => 20 + i)].map(tokenId),
    );
    // Expiring within 3 days: expires_at = now + i days for i = 1, 2 (0 has no expiry).
    expect(ids((await get('/v1/tokens?expiring_days=3')).body)).toEqual(['tok-01', 'tok-02']);
    expect(ids((await get('/v1/tokens?status=active&source=tableau_cloud&owner=owner-0&limit=500')).body)).toEqual([
      'tok-06',
      'tok-12',
      'tok-18',
      'tok-24',
    ]);
  });

  it('returns one token', async () => {
    const { status, body } = await get('/v1/tokens/tok-07');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_id: 'tok-07', source: 'github', owner_id: 'owner-1', expires_at: T0 + 7 * DAY });
  });

  it('pages a timeline newest first, each event once', async () => {
    const first = await get('/v1/tokens/tok-05/timeline?limit=5');
    const items = first.body.items as { event_id: string; occurred_at: number; raw?: string }[];
    expect(items.map((e) => e.event_id)).toEqual(['ev-11', 'ev-10', 'ev-9', 'ev-8', 'ev-7']);
    expect(items[0]).not.toHaveProperty('raw');
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/tokens/tok-05/timeline?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...(page.body.items as { event_id: string }[]).map((e) => e.event_id));
      cursor = page.body.next_cursor as string | null;
    } while (cursor);
    expect(all).toHaveLength(12);
    expect(new Set(all).size).toBe(12);
    const ranged = await get(
      `/v1/tokens/tok-05/timeline?from=${T0 - 3 * DAY + 2 * 60_000}&to=${new Date(T0 - 3 * DAY + 4 * 60_000).toISOString()}`,
    );
    expect((ranged.body.items as { event_id: string }[]).map((e) => e.event_id)).toEqual(['ev-3', 'ev-2']);
  });

  it('splits usage by IP, country, ASN and user agent per bucket, counting duplicates once', async () => {
    const byIp = await get('/v1/tokens/tok-05/usage?by=ip&interval=day');
    expect(byIp.status).toBe(200);
    const series = byIp.body.series as { key: string; events: number; failures: number; points: unknown[] }[];
    expect(series.map((s) => [s.key, s.events, s.failures])).toEqual([
      ['203.0.113.0', 4, 1],
      ['203.0.113.1', 4, 1],
      ['203.0.113.2', 4, 1],
    ]);
    expect(series[0]!.points).toEqual([{ start: Date.UTC(2026, 10, 12), events: 4, failures: 1 }]);
    const byCountry = await get('/v1/tokens/tok-05/usage?by=country&interval=hour&limit=1');
    expect((byCountry.body.series as { key: string; events: number }[]).map((s) => [s.key, s.events])).toEqual([
      ['US', 8],
    ]);
    const byAsn = await get('/v1/tokens/tok-05/usage?by=asn');
    expect((byAsn.body.series as { key: string }[]).map((s) => s.key).sort()).toEqual(['64500', '64501']);
    const tooLong = await get(`/v1/tokens/tok-05/usage?interval=hour&from=${T0 - 60 * DAY}`);
    expect(tooLong.body).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'query.from' }] } });
  });
});

describe('usage report', () => {
  it('reports top tokens, top IPs, failures and new networks per day', async () => {
    const { status, body } = await get(`/v1/reports/usage?from=${T0 - 7 * DAY}&to=${T0}&limit=2`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      events: 13,
      top_tokens: [
        { token_id: 'tok-05', events: 12, failures: 3, distinct_ips: 3 },
        { token_id: 'tok-06', events: 1, failures: 0, distinct_ips: 1 },
      ],
      failures: {
        total: 3,
        by_reason: [{ reason: 'unauthorized', events: 3 }],
        per_day: [{ day: Date.UTC(2026, 10, 12), events: 3 }],
      },
      new_networks_per_day: [
        { day: Date.UTC(2026, 10, 12), networks: 1 },
        { day: Date.UTC(2026, 10, 14), networks: 1 },
      ],
    });
    expect(body.top_ips).toEqual([
      { ip: '203.0.113.0', events: 4, failures: 1, tokens: 1 },
      { ip: '203.0.113.1', events: 4, failures: 1, tokens: 1 },
    ]);
    expect((await get(`/v1/reports/usage?from=${T0}&to=${T0 - 1}`)).status).toBe(400);
  });
});

describe('API keys', () => {
  it('are created, listed without secrets, used, and revoked through the API (admin only)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(admin),
      payload: { name: 'soar', scopes: ['read', 'triage'] },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json<{ key_id: string; secret: string; scopes: string[] }>();
    expect(key.secret).toMatch(/^twk_[0-9a-f]{16}_/);
    expect(key.scopes).toEqual(['read', 'triage']);
    expect((await get('/v1/tokens', { authorization: `Bearer ${key.secret}` })).status).toBe(200);

    const listed = await get('/v1/api-keys', admin);
    const text = JSON.stringify(listed.body);
    expect(text).toContain(key.key_id);
    expect(text).not.toContain(key.secret.slice(-20));
    expect(text).not.toContain('secret_sha256');
    expect((await get('/v1/api-keys', read)).status).toBe(403);

    const revoked = await app.inject({ method: 'DELETE', url: `/v1/api-keys/${key.key_id}`, headers: auth(admin) });
    expect(revoked.json()).toMatchObject({
      status: 'revoked',
      revoked_by: expect.stringContaining('apikey:') as unknown,
    });
    expect((await get('/v1/tokens', { authorization: `Bearer ${key.secret}` })).status).toBe(401);
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/api-keys/${key.key_id}`, headers: auth(admin) })).statusCode,
    ).toBe(409);
    expect(
      (await app.inject({ method: 'DELETE', url: '/v1/api-keys/0123456789abcdef', headers: auth(admin) })).statusCode,
    ).toBe(404);
    const badBody = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(admin),
      payload: { name: '', scopes: ['root'] },
    });
    expect(badBody.statusCode).toBe(400);
  });

  it('records every key use and failed attempt as a TokenEvent', async () => {
    await get('/v1/tokens', triage); // 403: used, failed
    await app.inject({ url: '/v1/tokens', headers: { authorization: triage.authorization.slice(0, -3) + 'xyz' } });
    await get('/v1/tokens/tok-01', read);
    const keyId = triage.keyId;
    await app.flushKeyUse();
    const rows = await db.query<{ kind: string; outcome: string; outcome_reason: string; request_path: string }>(
      sql`SELECT kind, outcome, outcome_reason, request_path FROM events FINAL WHERE token_id = ${apiKeyTokenId(keyId)} ORDER BY outcome_reason`,
    );
    expect(rows).toEqual([
      { kind: 'token.used', outcome: 'failure', outcome_reason: 'missing scope read', request_path: '/v1/tokens' },
      { kind: 'token.auth_failed', outcome: 'failure', outcome_reason: 'wrong secret', request_path: '/v1/tokens' },
    ]);
    const readKeyId = read.keyId;
    const used = await db.query<{ n: string }>(
      sql`SELECT count() AS n FROM events WHERE token_id = ${apiKeyTokenId(readKeyId)} AND outcome = 'success'`,
    );
    expect(Number(used[0]!.n)).toBeGreaterThan(10);
  });
});

describe('ops routes', () => {
  it('serves health, readiness, metrics and docs without a key', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ ok: true });
    expect((await app.inject('/readyz')).json()).toEqual({ ok: true, checks: { read_model: true, api_keys: true } });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('tokenwatch_api_requests_total{route="/v1/tokens",method="GET",status="200"}');
    expect((await app.inject('/docs')).body).toContain('/docs/openapi.json');
    expect((await app.inject('/docs/openapi.json')).json()).toHaveProperty('paths./v1/tokens');
  });
});

describe('POST /v1/events', () => {
  const post = (payload: string, contentType: string, headers = ingestOnly) =>
    app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...auth(headers), 'content-type': contentType },
      payload,
    });

  it('accepts NDJSON and JSON arrays, reports rejected records with index and field, needs scope ingest', async () => {
    const ok = await post('{"token_id":"a"}\n\n{"token_id":"b"}\n', 'application/x-ndjson');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ accepted: 2, events: 2, rejected: [] });
    const partial = await post('[{"token_id":"a"},{"x":1}]', 'application/json');
    expect(partial.statusCode).toBe(207);
    expect(partial.json()).toEqual({
      accepted: 1,
      events: 1,
      rejected: [{ index: 1, reason: 'token id is required', field_path: 'token_id' }],
    });
    const none = await post('not json\n{"x":1}', 'application/x-ndjson');
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({
      accepted: 0,
      error: { code: 'validation_failed', details: [{ field: 'records[0].' }, { field: 'records[1].token_id' }] },
    });
    expect((await post('[1,', 'application/json')).json()).toMatchObject({ error: { code: 'malformed_body' } });
    expect((await post('{"token_id":"a"}', 'application/xml')).statusCode).toBe(415);
    expect((await post('{"token_id":"a"}', 'application/x-ndjson', read)).statusCode).toBe(403);
    expect((await post('x'.repeat(6 * 1024 * 1024), 'application/x-ndjson')).statusCode).toBe(413);
  });
});
