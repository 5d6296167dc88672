import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Suppression } from '@tokenwatch/schema';
import { createClickHouseAlertStore } from '@tokenwatch/store-clickhouse';
import { openHarness, type Harness } from './test-harness';
import { DAY, T0, alert } from './test-support';

/** Alerts and suppressions through the API, stored in ClickHouse by the analyzer's stores. */
let h: Harness;
// Response bodies are checked field by field below; this loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
const ALERTS: Alert[] = [
  ...Array.from({ length: 20 }, (_, i) => alert(i, i % 5 === 0 ? { status: 'false_positive' } : {})),
  // Twice closed as false positive for tok-00 from 198.51.100.0/24, and a third alert that is still open.
  alert(20, { token_id: 'tok-00', ip: '198.51.100.4', detector: 'new_ip', status: 'false_positive' }),
  alert(21, { token_id: 'tok-00', ip: '198.51.100.5', detector: 'new_ip', status: 'false_positive' }),
  alert(22, { token_id: 'tok-00', ip: '198.51.100.9', detector: 'new_ip', count: 4 }),
];

beforeAll(async () => {
  h = await openHarness();
  await createClickHouseAlertStore(h.db).putAlerts(ALERTS);
});
afterAll(() => h?.close());

const call = async (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  key = h.keys.triage,
  payload?: object,
) => {
  const response = await h.app.inject({
    method,
    url,
    headers: { authorization: key.authorization },
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.statusCode === 204 ? {} : response.json<Body>() };
};
const read = (url: string) => call('GET', url, h.keys.read);
const alertIds = (body: Body) => (body.items as Alert[]).map((a) => a.alert_id);

describe('alerts', () => {
  it('pages through all alerts, most recently seen first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await read(`/v1/alerts?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...alertIds(page.body));
      cursor = page.body.next_cursor as string | null;
    } while (cursor);
    const expected = [...ALERTS].sort((a, b) => b.last_seen_at - a.last_seen_at || (a.alert_id < b.alert_id ? 1 : -1));
    expect(seen).toEqual(expected.map((a) => a.alert_id));
  });

  it('filters by status, severity, detector, token and time', async () => {
    const ids = async (q: string) => alertIds((await read(`/v1/alerts?limit=500&${q}`)).body).sort();
    const expect_ = (pred: (a: Alert) => boolean) =>
      ALERTS.filter(pred)
        .map((a) => a.alert_id)
        .sort();
    expect(await ids('status=false_positive')).toEqual(expect_((a) => a.status === 'false_positive'));
    expect(await ids('severity=critical,high')).toEqual(
      expect_((a) => a.severity === 'critical' || a.severity === 'high'),
    );
    expect(await ids('detector=new_ip&token_id=tok-00')).toEqual(
      expect_((a) => a.detector === 'new_ip' && a.token_id === 'tok-00'),
    );
    const from = T0 - 5 * DAY + 5 * 3_600_000;
    const to = T0 - 5 * DAY + 10 * 3_600_000;
    expect(await ids(`from=${from}&to=${to}`)).toEqual(expect_((a) => a.last_seen_at >= from && a.last_seen_at < to));
    expect((await read('/v1/alerts?severity=catastrophic')).status).toBe(400);
  });

  it('shows one alert with evidence and an (empty) audit trail; 404 for unknown ids', async () => {
    const { status, body } = await read('/v1/alerts/al-03');
    expect(status).toBe(200);
    expect(body).toEqual({ alert: ALERTS[3], audit: [] });
    expect((await read('/v1/alerts/nope')).status).toBe(404);
  });

  it('walks the lifecycle, records who did what, refuses invalid transitions and needs scope triage', async () => {
    const url = '/v1/alerts/al-01';
    expect((await call('POST', `${url}/acknowledge`, h.keys.read, {})).status).toBe(403);
    const ack = await call('POST', `${url}/acknowledge`, h.keys.triage, { note: 'on it' });
    expect(ack.status).toBe(200);
    expect(ack.body.alert).toMatchObject({ status: 'acknowledged' });
    expect(ack.body.audit).toEqual([
      expect.objectContaining({
        action: 'acknowledged',
        from_status: 'open',
        to_status: 'acknowledged',
        note: 'on it',
        actor: expect.stringContaining(h.keys.triage.keyId) as unknown,
      }),
    ]);
    const again = await call('POST', `${url}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'invalid_transition' } });
    expect((await call('POST', `${url}/resolve`)).body.alert).toMatchObject({ status: 'resolved' });
    expect((await call('POST', `${url}/reopen`)).body.alert).toMatchObject({ status: 'open' });
    expect((await call('POST', `${url}/false-positive`, h.keys.admin, { note: 'CI runner' })).body.alert).toMatchObject(
      { status: 'false_positive' },
    );
    expect((await call('POST', `${url}/assign`, h.keys.triage, { assignee: 'carol' })).body.alert).toMatchObject({
      assignee: 'carol',
    });
    const unassigned = await call('POST', `${url}/assign`, h.keys.triage, { assignee: null });
    expect(unassigned.body.alert).not.toHaveProperty('assignee');
    const comment = await call('POST', `${url}/comments`, h.keys.triage, { note: 'checked with the owner' });
    expect(comment.status).toBe(201);
    expect((comment.body.audit as { action: string }[]).map((e) => e.action)).toEqual([
      'acknowledged',
      'resolved',
      'reopened',
      'false_positive',
      'assigned',
      'assigned',
      'commented',
    ]);
    expect((await call('POST', `${url}/comments`, h.keys.triage, {})).body).toMatchObject({
      error: { details: [{ field: 'body.note' }] },
    });
    expect((await call('POST', `${url}/assign`, h.keys.triage, { assignee: 7 })).status).toBe(400);
    expect((await call('POST', '/v1/alerts/nope/resolve')).status).toBe(404);
    // The list reads the stored state.
    expect(alertIds((await read('/v1/alerts?status=false_positive&token_id=tok-01&limit=500')).body)).toContain(
      'al-01',
    );
    expect((await read(url)).body.audit).toHaveLength(7);
  });

  it('suggests a suppression for a token and network closed as false positive repeatedly', async () => {
    const { status, body } = await read('/v1/alerts/suggested-suppressions');
    expect(status).toBe(200);
    expect(body.items).toContainEqual(
      expect.objectContaining({
        token_id: 'tok-00',
        cidr: '198.51.100.0/24',
        detectors: ['new_ip'],
        false_positives: 2,
        would_have_prevented: 3,
        occurrences: ALERTS[20]!.count + ALERTS[21]!.count + 4,
        alert_ids: ['al-20', 'al-21'],
      }),
    );
  });
});

describe('suppressions', () => {
  it('are created, read, listed with cursors, changed and deleted; bad ones are refused', async () => {
    const created: string[] = [];
    for (const [i, body] of [
      { token_id: 'tok-00', cidr: '198.51.100.0/24', reason: 'office VPN' },
      { detector: 'volume_spike', reason: 'month-end jobs', expires_at: T0 + DAY },
      { user_agent: 'nightly-export/2', reason: 'known job', expires_at: T0 + 2 * DAY },
    ].entries()) {
      const response = await call('POST', '/v1/suppressions', h.keys.triage, body);
      expect(response.status, `suppression ${i}`).toBe(201);
      expect(response.body).toMatchObject({
        ...body,
        author: expect.stringContaining('apikey:') as unknown,
        created_at: T0,
      });
      created.push(response.body.suppression_id as string);
    }
    expect((await call('POST', '/v1/suppressions', h.keys.triage, { reason: 'everything' })).status).toBe(400);
    expect(
      (await call('POST', '/v1/suppressions', h.keys.triage, { cidr: '10.0.0.0/33', reason: 'x' })).body,
    ).toMatchObject({ error: { details: [{ field: 'body.cidr' }] } });
    expect(
      (await call('POST', '/v1/suppressions', h.keys.triage, { token_id: 'a', reason: 'x', expires_at: T0 - 1 }))
        .status,
    ).toBe(400);
    expect((await call('POST', '/v1/suppressions', h.keys.read, { token_id: 'a', reason: 'x' })).status).toBe(403);

    expect((await read(`/v1/suppressions/${created[1]}`)).body).toMatchObject({ detector: 'volume_spike' });
    const first = await read('/v1/suppressions?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await read(`/v1/suppressions?limit=2&cursor=${first.body.next_cursor}`);
    expect(
      [...(first.body.items as Suppression[]), ...(second.body.items as Suppression[])]
        .map((s) => s.suppression_id)
        .sort(),
    ).toEqual([...created].sort());
    expect(second.body.next_cursor).toBeNull();

    const patched = await call('PATCH', `/v1/suppressions/${created[1]}`, h.keys.triage, {
      reason: 'quarter-end too',
      expires_at: null,
    });
    expect(patched.body).toMatchObject({ reason: 'quarter-end too' });
    expect(patched.body).not.toHaveProperty('expires_at');
    expect((await call('PATCH', `/v1/suppressions/${created[1]}`, h.keys.triage, {})).status).toBe(400);
    expect((await call('DELETE', `/v1/suppressions/${created[2]}`)).status).toBe(204);
    expect((await read(`/v1/suppressions/${created[2]}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/suppressions/${created[2]}`)).status).toBe(404);
    expect((await call('PATCH', '/v1/suppressions/nope', h.keys.triage, { reason: 'x' })).status).toBe(404);
  });
});
