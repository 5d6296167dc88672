/**
 * Scale-out webhooks end to end, all real: events on an auth-events topic → `tokenwatch analyze` core → alerts on
 * a token-alerts topic → `tokenwatch notify` → ClickHouse outbox → dispatcher → an HTTP receiver that verifies
 * every signature. Subscriptions and schedules are managed through `tokenwatch api` (startApi) over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAnalyzerEnv, startAnalyzer, type RunningAnalyzer } from '@tokenwatch/analyzer';
import { generateApiKey, loadApiEnv, startApi, type App } from '@tokenwatch/api';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { tokenEvent } from '@tokenwatch/detectors';
import { createKafka } from '@tokenwatch/kafka';
import { loadNotifyEnv, startNotify, type RunningNotify } from '@tokenwatch/notify';
import { verifyReport } from '@tokenwatch/reports';
import {
  createClickHouseAlertStore,
  createClickHouseApiKeyStore,
  createClickHouseOutboxStore,
} from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName, withTestDatabase } from '@tokenwatch/testkit';
import { deliveryKey, TestReceiver } from '@tokenwatch/webhooks';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECRETS = { '/soar': 'soar-secret-0123456789', '/slack': 'slack-secret-0123456789' };

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `tokenwatch notify` as its own process; resolves once it consumes. */
function spawnNotify(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'notify'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`notify exited with ${code}: ${output}`)));
    const poll = setInterval(() => {
      if (output.includes('notify: consuming')) {
        clearInterval(poll);
        child.removeAllListeners('exit');
        resolve({ child, output: () => output });
      }
    }, 50);
  });
}

describe('scale-out: analyzer → token-alerts → tokenwatch notify → signed webhooks', () => {
  it('delivers every alert exactly once per subscription across a receiver outage and a notify restart', async () => {
    await withTestDatabase(async (db: ClickHouse) => {
      const { clickhouseUrl, kafkaBrokers } = testServices();
      const reportsDir = await mkdtemp(join(tmpdir(), 'tw-notify-reports-'));
      const receiver = new TestReceiver({ ...SECRETS });
      await receiver.start();
      await receiver.stop(); // down from the start; the port stays ours to reopen

      const common = {
        CLICKHOUSE_URL: clickhouseUrl,
        CLICKHOUSE_DATABASE: db.database,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        REPORTS_DIR: reportsDir,
      };
      const authTopic = uniqueName('tw_auth');
      const alertsTopic = uniqueName('tw_alerts');
      const notifyEnv = {
        ...common,
        NOTIFY_ALERTS_TOPIC: alertsTopic,
        NOTIFY_GROUP_ID: uniqueName('tw_notify'),
        NOTIFY_SESSION_TIMEOUT: '10s',
        WEBHOOK_RETRY_BASE: '100ms',
        WEBHOOK_RETRY_CAP: '300ms',
        WEBHOOK_MAX_ATTEMPTS: '1000',
        WEBHOOK_POLL_INTERVAL: '100ms',
        WEBHOOK_TIMEOUT: '2s',
        REPORT_SCHEDULE_INTERVAL: '200ms',
      };

      let api: App | undefined;
      let analyzer: RunningAnalyzer | undefined;
      let notify: RunningNotify | undefined;
      let child: ChildProcess | undefined;
      try {
        // (c) `tokenwatch api` over ClickHouse serves the webhook, delivery, schedule and compliance routes.
        api = await startApi(loadApiEnv({ ...common, API_PORT: '0', API_LOG_LEVEL: 'silent' }));
        const base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
        const key = generateApiKey({ name: 'test admin', scopes: ['admin'], createdBy: 'test', now: Date.now() });
        await createClickHouseApiKeyStore(db).put(key.record);
        const call = async (method: string, path: string, body?: unknown) => {
          const response = await fetch(base + path, {
            method,
            headers: {
              authorization: `Bearer ${key.secret}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return {
            status: response.status,
            headers: response.headers,
            text,
            json: <T = Record<string, unknown>>() => JSON.parse(text) as T,
          };
        };
        const subscribe = async (name: string, path: keyof typeof SECRETS, format: string, filters: object) => {
          const r = await call('POST', '/v1/webhooks', {
            name,
            url: receiver.url(path),
            secret: SECRETS[path],
            format,
            filters,
          });
          expect(r.status, r.text).toBe(201);
          return r.json<{ subscription_id: string }>().subscription_id;
        };
        const soar = await subscribe('soar', '/soar', 'json', {});
        const slack = await subscribe('slack', '/slack', 'slack', { severities: ['critical', 'high'] });
        const other = await subscribe('new ips only', '/soar', 'json', { detectors: ['new_ip'] });

        const compliance = await call('GET', '/v1/reports/compliance?format=csv');
        expect(compliance.status).toBe(200);
        expect(compliance.headers.get('x-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
        const schedule = await call('POST', '/v1/report-schedules', {
          name: 'every second',
          cron: '* * * * * *',
          timezone: 'UTC',
          format: 'json',
          lookback_days: 7,
          destination: { kind: 'folder', path: 'soc' },
        });
        expect(schedule.status, schedule.text).toBe(201);
        expect((await call('GET', '/v1/report-schedules')).json<{ items: unknown[] }>().items).toHaveLength(1);

        // The real analyzer raises use_after_revocation from events on its own auth-events topic.
        analyzer = await startAnalyzer(
          loadAnalyzerEnv({
            ...common,
            ANALYZER_TOPIC: authTopic,
            ANALYZER_ALERTS_TOPIC: alertsTopic,
            ANALYZER_GROUP_ID: uniqueName('tw_analyzer'),
            ANALYZER_GEOIP: 'false',
            ANALYZER_SESSION_TIMEOUT: '10s',
          }),
          { log: () => undefined },
        );
        const first = await spawnNotify(notifyEnv);
        child = first.child;

        const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'notify-test' });
        const producer = kafka.producer();
        await producer.connect();
        const t = Date.now() - 3_600_000;
        const events = [
          tokenEvent({ token_id: 'tok-scale', at: t, ip: '198.51.100.7' }),
          tokenEvent({ token_id: 'tok-scale', at: t + 1000, kind: 'token.revoked' }),
          tokenEvent({ token_id: 'tok-scale', at: t + 2000, ip: '198.51.100.7' }),
          tokenEvent({ token_id: 'tok-scale', at: t + 3000, ip: '198.51.100.7' }), // a repeat of the same alert
        ];
        await producer.send({
          topic: authTopic,
          messages: events.map((e) => ({ key: e.token_id, value: JSON.stringify(e) })),
        });

        const outbox = createClickHouseOutboxStore(db);
        await until('retries while the receiver is down', async () => {
          const pending = await outbox.list({ state: 'pending' });
          return pending.length === 2 && pending.every((e) => e.attempts >= 2);
        });
        // Stop notify in the middle of the retries (SIGTERM drains the round in progress and exits cleanly).
        child.kill('SIGTERM');
        const code = await new Promise<number | null>((r) => child!.once('exit', r));
        child = undefined;
        expect(code, first.output()).toBe(0);
        expect(first.output()).toContain('notify: stopping');

        // A redelivered alert message (and the analyzer's repeat) must not queue anything new.
        const [alert] = await createClickHouseAlertStore(db).listAlerts({ limit: 10 });
        expect(alert).toMatchObject({ detector: 'use_after_revocation', token_id: 'tok-scale', severity: 'critical' });
        await producer.send({ topic: alertsTopic, messages: [{ key: alert!.alert_id, value: JSON.stringify(alert) }] });
        await producer.disconnect();

        notify = await startNotify(loadNotifyEnv(notifyEnv), { log: () => undefined });
        await receiver.start();
        await until('both deliveries', async () => (await outbox.list({ state: 'delivered' })).length === 2);
        await until('the redelivered alert message is consumed', () => notify!.consumer.counters.alerts >= 1);
        await new Promise((r) => setTimeout(r, 500)); // a duplicate, if there were one, would be on its way now

        expect(receiver.rejected).toEqual([]);
        expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/slack', '/soar']);
        expect([...receiver.accepted.keys()].sort()).toEqual(
          [
            deliveryKey(soar, alert!.alert_id, 'alert.raised'),
            deliveryKey(slack, alert!.alert_id, 'alert.raised'),
          ].sort(),
        );
        expect(await outbox.list({ subscriptionId: other })).toEqual([]);
        expect(await outbox.list({ state: 'pending' })).toEqual([]);
        expect(notify.consumer.counters.enqueued).toBe(0);
        const soarBody = JSON.parse(
          receiver.accepted.get(deliveryKey(soar, alert!.alert_id, 'alert.raised'))!.body,
        ) as unknown;
        expect(soarBody).toMatchObject({ type: 'alert.raised', alert: { alert_id: alert!.alert_id } });

        // The delivery log through the API: failed attempts while down, then one delivered.
        const detail = await call('GET', `/v1/deliveries/${deliveryKey(soar, alert!.alert_id, 'alert.raised')}`);
        expect(detail.status).toBe(200);
        const attempts = detail.json<{ attempts_log: { outcome: string; status_code: number }[] }>().attempts_log;
        expect(attempts.filter((a) => a.outcome === 'delivered')).toHaveLength(1);
        expect(attempts.filter((a) => a.outcome === 'failed' && a.status_code === 0).length).toBeGreaterThanOrEqual(2);

        // The schedule created through the API is fired (every second) by notify into REPORTS_DIR; the latest
        // report holds the token and its alert, read from ClickHouse.
        const folder = join(reportsDir, 'soc');
        const latest = async () => {
          const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
          const file = files.at(-1);
          if (!file) return undefined;
          const sidecar = await readFile(join(folder, file + '.sha256'), 'utf8').catch(() => undefined);
          return sidecar === undefined ? undefined : { file, bytes: await readFile(join(folder, file)), sidecar };
        };
        await until('a scheduled report with the alert', async () =>
          Boolean((await latest())?.bytes.toString('utf8').includes(alert!.alert_id)),
        );
        const report = (await latest())!;
        expect(verifyReport(report.bytes, { sidecar: report.sidecar, fileName: report.file }).problems).toEqual([]);
      } finally {
        child?.kill('SIGKILL');
        await notify?.stop();
        await analyzer?.stop();
        await api?.close();
        await receiver.stop();
        await rm(reportsDir, { recursive: true, force: true });
      }
    });
  });
});
