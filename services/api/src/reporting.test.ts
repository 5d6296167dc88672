import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, MemoryScheduleStore, sampleComplianceInput, verifyReport } from '@tokenwatch/reports';
import type { ReadModel } from '@tokenwatch/store';
import { MemoryOutboxStore, MemoryWebhookStore, TestReceiver, WebhookDispatcher } from '@tokenwatch/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from './app';
import type { ReportingDeps } from './reporting';
import { keyHeader, memoryAlerts, memoryApiKeys, memorySuppressions } from './test-support';

const NOW = Date.UTC(2026, 10, 1, 12);
const root = mkdtempSync(join(tmpdir(), 'tw-api-reports-'));
const receiver = new TestReceiver({});
const apiKeys = memoryApiKeys();
let app: App;
let admin: Record<string, string>;
let reader: Record<string, string>;
let reporting: ReportingDeps;

beforeAll(async () => {
  await receiver.start();
  const subscriptions = new MemoryWebhookStore();
  const outbox = new MemoryOutboxStore();
  const sample = sampleComplianceInput(NOW);
  reporting = {
    subscriptions,
    outbox,
    dispatcher: new WebhookDispatcher({ subscriptions, outbox, now: () => Date.now() }),
    schedules: new MemoryScheduleStore(),
    compliance: {
      tokens: { listTokens: () => Promise.resolve([...sample.tokens]) },
      alerts: {
        listAlerts: () => Promise.resolve([...sample.alerts]),
        readAudit: (id) => Promise.resolve(sample.audit.filter((e) => e.alert_id === id)),
      },
    },
    policy: DEFAULT_POLICY,
    reportsRoot: root,
  };
  app = await buildApp(
    {
      readModel: {} as ReadModel,
      alerts: memoryAlerts(),
      suppressions: memorySuppressions(),
      apiKeys,
      keyUse: { appendEvents: async () => {} },
      reporting,
      now: () => NOW,
    },
    { logLevel: false },
  );
  admin = { authorization: (await keyHeader(apiKeys, ['admin', 'read'])).authorization };
  reader = { authorization: (await keyHeader(apiKeys, ['read'])).authorization };
});
afterAll(async () => {
  await app.close();
  await receiver.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('webhook routes', () => {
  it('creates a subscription, shows its secret once, and "send test" is verified by a real receiver', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: {
        name: 'SOAR',
        url: receiver.url('/soar'),
        format: 'json',
        filters: { severities: ['high', 'critical'] },
      },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ subscription_id: string; secret: string }>();
    expect(body.secret).toMatch(/^whsec_/);
    receiver.setSecret('/soar', body.secret);

    const listed = await app.inject({ url: '/v1/webhooks', headers: reader });
    const items = listed.json<{ items: Record<string, unknown>[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty('secret');

    const test = await app.inject({ method: 'POST', url: `/v1/webhooks/${body.subscription_id}/test`, headers: admin });
    expect(test.json()).toMatchObject({ outcome: 'delivered', status_code: 200, event: 'test' });
    expect(receiver.accepted.size).toBe(1);
    expect(receiver.rejected).toEqual([]);
  });

  it('rejects bad input with the field at fault, and needs admin to change anything', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: { name: 'x', url: 'ftp://x', format: 'json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { field: string }[] } }>().error.details[0]!.field).toBe('body.url');
    const pd = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: { name: 'pd', url: 'https://events.example.com/v2', format: 'pagerduty' },
    });
    expect(pd.statusCode).toBe(400);
    expect(pd.json<{ error: { message: string } }>().error.message).toMatch(/pagerduty_routing_key/);
    const forbidden = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: reader,
      payload: { name: 'x', url: 'https://x.example.com', format: 'json' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect((await app.inject({ url: '/v1/webhooks/nope', headers: reader })).statusCode).toBe(404);
  });

  it('lists deliveries and re-queues a dead one', async () => {
    const [sub] = await reporting.subscriptions.listSubscriptions();
    const id = await reporting.dispatcher.enqueueDocument(sub!.subscription_id, 'k', 'report.compliance', { x: 1 });
    const entry = (await reporting.outbox.get(id))!;
    await reporting.outbox.update([{ ...entry, state: 'dead', attempts: 30, version: 2 }]);
    const dead = await app.inject({ url: '/v1/deliveries?state=dead', headers: reader });
    expect(dead.json<{ items: { delivery_id: string }[] }>().items.map((d) => d.delivery_id)).toEqual([id]);
    expect((await app.inject({ method: 'POST', url: `/v1/deliveries/${id}/retry`, headers: admin })).statusCode).toBe(
      202,
    );
    expect((await app.inject({ method: 'POST', url: `/v1/deliveries/${id}/retry`, headers: admin })).statusCode).toBe(
      409,
    );
    const one = await app.inject({ url: `/v1/deliveries/${id}`, headers: reader });
    expect(one.json()).toMatchObject({ delivery_id: id, state: 'pending', attempts: 0, attempts_log: [] });
  });
});

describe('report schedule routes', () => {
  it('creates a schedule with its next firing, and rejects a bad cron, zone or folder', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/report-schedules',
      headers: admin,
      payload: {
        name: 'weekly',
        cron: '0 6 * * 1',
        timezone: 'Europe/Berlin',
        format: 'pdf',
        lookback_days: 7,
        destination: { kind: 'folder', path: 'weekly' },
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(new Date(ok.json<{ next_fire_at: number }>().next_fire_at).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    const base = { name: 'x', format: 'csv', lookback_days: 1, destination: { kind: 'folder', path: 'x' } };
    const cases: [object, string][] = [
      [{ ...base, cron: '99 * * * *', timezone: 'UTC' }, 'body.cron'],
      [{ ...base, cron: '0 * * * *', timezone: 'Moon/Tranquility' }, 'body.timezone'],
      [
        { ...base, cron: '0 * * * *', timezone: 'UTC', destination: { kind: 'folder', path: '../../etc' } },
        'body.destination.path',
      ],
      [
        { ...base, cron: '0 * * * *', timezone: 'UTC', destination: { kind: 'webhook', subscription_id: 'nope' } },
        'body.destination.subscription_id',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await app.inject({ method: 'POST', url: '/v1/report-schedules', headers: admin, payload });
      expect(response.statusCode, field).toBe(400);
      expect(response.json<{ error: { details: { field: string }[] } }>().error.details[0]!.field).toBe(field);
    }
  });

  it('serves the compliance report with its digest header', async () => {
    const response = await app.inject({
      url: '/v1/reports/compliance?from=2026-10-02&to=2026-11-01&format=pdf',
      headers: reader,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const bytes = response.rawPayload;
    expect(verifyReport(bytes, { sidecar: `${String(response.headers['x-content-sha256'])}  r.pdf\n` }).ok).toBe(true);
    const json = await app.inject({ url: '/v1/reports/compliance?from=2026-10-02&to=2026-11-01', headers: reader });
    // 5, not the sample's 7: owner removals are not read from the stores yet (README, compliance reports).
    expect(json.json()).toMatchObject({ summary: { tokens_total: 8, violations_total: 5, alerts_total: 4 } });
    expect(
      (await app.inject({ url: '/v1/reports/compliance?from=2026-11-02&to=2026-11-01', headers: reader })).statusCode,
    ).toBe(400);
  });
});
