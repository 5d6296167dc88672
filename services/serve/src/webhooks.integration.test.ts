import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '@tokenwatch/config';
import { ReportingEnv } from '@tokenwatch/notify';
import { verifyReport } from '@tokenwatch/reports';
import { TestReceiver } from '@tokenwatch/webhooks';
import { startServe, type RunningServe } from './index';
import { testServeOptions } from './test-support';

const DAY = 86_400_000;
const SECRET = 'embedded-secret-0123456789';

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tokenwatch serve delivers alerts as webhooks and runs report schedules', () => {
  let dir: string;
  let serve: RunningServe;
  const receiver = new TestReceiver({ '/hook': SECRET });

  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const response = await fetch(serve.url + path, {
      method,
      headers: {
        authorization: `Bearer ${serve.bootstrapKey}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tw-serve-webhooks-'));
    await receiver.start();
    serve = await startServe({
      ...testServeOptions(dir),
      reporting: loadEnv(ReportingEnv, {
        WEBHOOK_POLL_INTERVAL: '100ms',
        WEBHOOK_RETRY_BASE: '100ms',
        WEBHOOK_RETRY_CAP: '200ms',
        REPORT_SCHEDULE_INTERVAL: '200ms',
      }),
    });
  });

  afterAll(async () => {
    await serve?.close();
    await receiver.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the signed alert raised by POST /v1/events to a webhook created through the API, once', async () => {
    const created = await call('POST', '/v1/webhooks', {
      name: 'soc',
      url: receiver.url('/hook'),
      secret: SECRET,
      format: 'json',
      filters: { severities: ['critical', 'high'] },
    });
    expect(created.status).toBe(201);
    const ignored = await call('POST', '/v1/webhooks', {
      name: 'only new ips',
      url: receiver.url('/hook'),
      secret: SECRET,
      format: 'json',
      filters: { detectors: ['new_ip'] },
    });
    expect(ignored.status).toBe(201);

    const t = Date.now() - DAY;
    const lines = [
      { kind: 'token.used', token_id: 'tok-embedded', occurred_at: t, ip: '198.51.100.7', outcome: 'success' },
      { kind: 'token.revoked', token_id: 'tok-embedded', occurred_at: t + 1000, outcome: 'success' },
      { kind: 'token.used', token_id: 'tok-embedded', occurred_at: t + 2000, ip: '198.51.100.7', outcome: 'success' },
    ];
    const ingest = await call(
      'POST',
      '/v1/events',
      lines.map((l) => JSON.stringify(l)).join('\n'),
      'application/x-ndjson',
    );
    expect(ingest.status).toBe(200);
    // A repeat of the same alert: the analyzer publishes it again, the outbox keeps the first delivery.
    const repeat = { ...lines[2], occurred_at: t + 3000 };
    expect((await call('POST', '/v1/events', JSON.stringify(repeat), 'application/x-ndjson')).status).toBe(200);

    // Recorded as delivered once the dispatcher's round has written the outcome, just after the receiver's 200.
    await until(
      'the delivery',
      async () => ((await call('GET', '/v1/deliveries?state=delivered')).body.items as unknown[]).length === 1,
    );
    expect(receiver.accepted.size).toBe(1);
    await new Promise((r) => setTimeout(r, 500)); // a second delivery, if there were one, would have been sent by now
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.rejected).toEqual([]);
    const [request] = receiver.requests;
    const body = JSON.parse(request!.body) as { type: string; alert: { detector: string; token_id: string } };
    expect(body.type).toBe('alert.raised');
    expect(body.alert).toMatchObject({ detector: 'use_after_revocation', token_id: 'tok-embedded' });
    const sub = created.body.subscription_id as string;
    const log = await call('GET', `/v1/deliveries?subscription_id=${sub}`);
    expect((log.body.items as { alert_id: string }[])[0]!.alert_id).toContain('use_after_revocation');
  });

  it('sends triage changes too, each once, a second resolve after a reopen included', async () => {
    const [alertId] = [...receiver.accepted.values()].map(
      (r) => (JSON.parse(r.body) as { alert: { alert_id: string } }).alert.alert_id,
    );
    for (const action of ['acknowledge', 'resolve', 'reopen', 'resolve', 'comments']) {
      const r = await call('POST', `/v1/alerts/${encodeURIComponent(alertId!)}/${action}`, { note: 'checked' });
      expect(r.status).toBeLessThan(300);
    }
    await until('the triage deliveries', () => receiver.accepted.size === 5);
    await new Promise((r) => setTimeout(r, 500)); // a duplicate, if there were one, would have been sent by now
    const types = receiver.requests.map((r) => (JSON.parse(r.body) as { type: string }).type);
    // Deliveries due in the same dispatcher round are sent concurrently, so their order is not fixed.
    expect(types.sort()).toEqual([
      'alert.acknowledged',
      'alert.raised',
      'alert.reopened',
      'alert.resolved',
      'alert.resolved',
    ]);
    expect(receiver.rejected).toEqual([]);
  });

  it('fires a schedule created through the API and writes the report into the reports folder', async () => {
    const created = await call('POST', '/v1/report-schedules', {
      name: 'every second',
      cron: '* * * * * *',
      timezone: 'Europe/Berlin',
      format: 'json',
      lookback_days: 30,
      destination: { kind: 'folder', path: 'audit' },
    });
    expect(created.status).toBe(201);
    const folder = join(dir, 'reports', 'audit');
    await until('the report file', async () =>
      (await readdir(folder).catch(() => [] as string[])).some((f) => f.endsWith('.json.sha256')),
    );
    const files = await readdir(folder);
    const report = files.find((f) => f.endsWith('.json'))!;
    const bytes = await readFile(join(folder, report));
    const check = verifyReport(bytes, {
      sidecar: await readFile(join(folder, report + '.sha256'), 'utf8'),
      fileName: report,
    });
    expect(check.problems).toEqual([]);
    const parsed = JSON.parse(bytes.toString('utf8')) as { inventory?: unknown[]; alerts?: unknown[] };
    expect(JSON.stringify(parsed)).toContain('tok-embedded');
    const after = await call('GET', `/v1/report-schedules/${created.body.schedule_id as string}`);
    expect(after.body.last_fired_at).toEqual(expect.any(Number));
  });
});
