import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY_FILE, startServe, type RunningServe } from './index';
import { testServeOptions } from './test-support';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
let clock = T0 + 30 * 86_400_000;
const now = () => clock;

/** Canonical events: a token with a month of history, then revoked and used anyway, and a failure burst. */
function scenario(): string {
  const lines: object[] = [];
  const use = (at: number, ip: string, outcome = 'success') =>
    lines.push({
      kind: outcome === 'success' ? 'token.used' : 'token.auth_failed',
      token_id: 'tok-reporting',
      token_name: 'nightly-report',
      owner_email: 'ana@example.com',
      occurred_at: at,
      ip,
      user_agent: 'tableau-server-client/0.30',
      outcome,
    });
  for (let day = 0; day < 20; day++) use(T0 + day * 86_400_000, '198.51.100.7');
  lines.push({
    kind: 'token.revoked',
    token_id: 'tok-reporting',
    occurred_at: T0 + 25 * 86_400_000,
    outcome: 'success',
  });
  use(T0 + 26 * 86_400_000, '198.51.100.7');
  for (let i = 0; i < 12; i++) use(T0 + 27 * 86_400_000 + i * 5000, '203.0.113.9', 'failure');
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\nnot json at all\n';
}

async function api(serve: RunningServe, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(serve.url + path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined
        ? {}
        : { 'content-type': typeof body === 'string' ? 'application/x-ndjson' : 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('tokenwatch serve keeps everything across a restart', () => {
  let dir: string;
  let serve: RunningServe;
  let key: string;
  const lines: string[] = [];
  const start = () =>
    startServe({
      ...testServeOptions(dir),
      // Scheduled policy checks would add alerts between the snapshots compared here; they have their own test.
      policyIntervalMs: 0,
      now,
      print: (l) => lines.push(l),
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tw-serve-'));
    serve = await start();
  });
  afterAll(async () => {
    await serve.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('events, alerts, triage, suppressions, audit and dead letters survive; nothing is re-alerted', async () => {
    key = serve.bootstrapKey!;
    expect(key).toMatch(/^twk_/);
    expect((await readFile(join(dir, ADMIN_KEY_FILE), 'utf8')).trim()).toBe(key);
    expect(lines.join('\n')).toContain(key);

    const ingest = await api(serve, key, 'POST', '/v1/events', scenario());
    expect(ingest.status).toBe(207); // some records rejected
    expect(ingest.body).toMatchObject({ accepted: 34, events: 34 });
    expect(ingest.body.rejected).toEqual([expect.objectContaining({ index: 34 })]);

    const alerts = (await api(serve, key, 'GET', '/v1/alerts?limit=100')).body.items as {
      alert_id: string;
      detector: string;
    }[];
    expect(new Set(alerts.map((a) => a.detector))).toEqual(new Set(['use_after_revocation', 'auth_failure_burst']));
    const revoked = alerts.find((a) => a.detector === 'use_after_revocation')!;
    clock += MIN;
    expect(
      (await api(serve, key, 'POST', `/v1/alerts/${revoked.alert_id}/acknowledge`, { note: 'calling Ana' })).status,
    ).toBe(200);
    expect(
      (await api(serve, key, 'POST', `/v1/alerts/${revoked.alert_id}/comments`, { note: 'token was in a repo' }))
        .status,
    ).toBe(201);
    const suppression = await api(serve, key, 'POST', '/v1/suppressions', {
      cidr: '192.0.2.0/24',
      reason: 'pen test range',
    });
    expect(suppression.status).toBe(201);

    const before = {
      alerts: (await api(serve, key, 'GET', '/v1/alerts?limit=100')).body,
      detail: (await api(serve, key, 'GET', `/v1/alerts/${revoked.alert_id}`)).body,
      suppressions: (await api(serve, key, 'GET', '/v1/suppressions')).body,
      events: await serve.stores.events.readEvents({ tokenIds: ['tok-reporting'] }),
      allEvents: await serve.stores.events.countEvents({}),
      deadLetters: await serve.stores.events.readDeadLetters({}),
    };
    expect(before.events).toHaveLength(34);
    expect(before.deadLetters).toHaveLength(1);
    expect((before.detail.alert as { status: string }).status).toBe('acknowledged');

    await serve.close();
    lines.length = 0;
    clock += MIN;
    serve = await start();
    expect(serve.bootstrapKey).toBeUndefined();
    expect(lines.join('\n')).not.toContain(key);

    expect((await api(serve, key, 'GET', '/v1/alerts?limit=100')).body).toEqual(before.alerts);
    expect((await api(serve, key, 'GET', `/v1/alerts/${revoked.alert_id}`)).body).toEqual(before.detail);
    expect((await api(serve, key, 'GET', '/v1/suppressions')).body).toEqual(before.suppressions);
    expect(await serve.stores.events.readEvents({ tokenIds: ['tok-reporting'] })).toEqual(before.events);
    // Every API request is itself recorded as an event of the key that made it, so the total only grows.
    expect(await serve.stores.events.countEvents({})).toBeGreaterThanOrEqual(before.allEvents);
    expect(await serve.stores.events.readDeadLetters({})).toEqual(before.deadLetters);

    // The restored state still knows the token was revoked: a new use repeats the open alert, not a new one.
    const again = JSON.stringify({
      kind: 'token.used',
      token_id: 'tok-reporting',
      occurred_at: T0 + 28 * 86_400_000,
      ip: '198.51.100.7',
      outcome: 'success',
    });
    expect((await api(serve, key, 'POST', '/v1/events', again)).status).toBe(200);
    const after = (await api(serve, key, 'GET', `/v1/alerts/${revoked.alert_id}`)).body.alert as Record<
      string,
      unknown
    >;
    expect(after).toMatchObject({
      status: 'acknowledged',
      count: (before.detail.alert as { count: number }).count + 1,
    });
    const total = (await api(serve, key, 'GET', '/v1/alerts?limit=100')).body.items as unknown[];
    expect(total).toHaveLength((before.alerts.items as unknown[]).length);
  });
});
