import { spawn, type ChildProcess } from 'node:child_process';
import { openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import type { Alert, WebhookSubscription } from '@tokenwatch/schema';
import { createClickHouseOutboxStore, createClickHouseWebhookStore } from '@tokenwatch/store-clickhouse';
import { testServices, withTestDatabase } from '@tokenwatch/testkit';
import { deliveryKey, TestReceiver, WebhookDispatcher } from '@tokenwatch/webhooks';
import { describe, expect, it } from 'vitest';

const T0 = Date.UTC(2026, 10, 1, 12);
const SECRETS = { '/soar': 'soar-secret-0123456789', '/slack': 'slack-secret-0123456789' };

const subscription = (
  id: string,
  receiver: TestReceiver,
  path: keyof typeof SECRETS,
  format: WebhookSubscription['format'],
): WebhookSubscription => ({
  subscription_id: id,
  name: id,
  url: receiver.url(path),
  secret: SECRETS[path],
  format,
  filters: {},
  enabled: true,
  created_at: T0,
  updated_at: T0,
});

const alerts = (n: number, at: number): Alert[] =>
  Array.from({ length: n }, (_, i) => ({
    alert_id: `alert-${i}`,
    detector: 'new_ip',
    severity: i % 4 === 0 ? 'critical' : 'high',
    status: 'open',
    token_id: `token-${i % 3}`,
    source: 'tableau_cloud',
    title: `New IP for token-${i % 3} (#${i})`,
    explanation: 'first time seen',
    evidence: { event_ids: [`e${i}`], values: { ip: '203.0.113.7' } },
    first_seen_at: at,
    last_seen_at: at,
    count: 1,
    created_at: at,
    updated_at: at,
  }));

function expectedKeys(subs: string[], list: Alert[]): string[] {
  return subs.flatMap((s) => list.map((a) => deliveryKey(s, a.alert_id, 'alert.raised'))).sort();
}

async function stores(db: ClickHouse) {
  // A fresh connection per "process", so nothing is shared in memory between the two dispatchers.
  const conn = await openClickHouse({ url: testServices().clickhouseUrl, database: db.database });
  return { conn, subscriptions: createClickHouseWebhookStore(conn), outbox: createClickHouseOutboxStore(conn) };
}

describe('webhook outbox on ClickHouse', () => {
  it('receiver down, dispatcher restarted mid-retries, receiver up: every alert exactly once per subscription', async () => {
    await withTestDatabase(async (db) => {
      let now = T0;
      const receiver = new TestReceiver(SECRETS, () => Math.floor(now / 1000));
      await receiver.start();
      await receiver.stop(); // down from the start; the port stays ours to reopen
      const first = await stores(db);
      await first.subscriptions.putSubscription(subscription('soar', receiver, '/soar', 'json'));
      await first.subscriptions.putSubscription(subscription('slack', receiver, '/slack', 'slack'));
      const retry = { baseDelayMs: 1_000, maxDelayMs: 16_000, maxAttempts: 100 };
      const make = (s: Awaited<ReturnType<typeof stores>>) =>
        new WebhookDispatcher({ ...s, now: () => now, retry, random: Math.random, timeoutMs: 2_000 });
      const dispatcher1 = make(first);
      const list = alerts(15, T0);
      for (const a of list) expect(await dispatcher1.enqueueAlert(a)).toBe(2);
      for (let round = 0; round < 6; round++) {
        await dispatcher1.runOnce();
        now += 5_000;
      }
      const failed = await first.outbox.listAttempts({ limit: 1000 });
      expect(failed.length).toBeGreaterThanOrEqual(60);
      expect(failed.every((a) => a.outcome === 'failed' && a.status_code === 0)).toBe(true);
      await first.conn.close(); // the first process is gone

      const second = await stores(db);
      const dispatcher2 = make(second);
      // The restarted analyzer raises the same alerts again: nothing new is queued.
      expect(await dispatcher2.enqueueAlerts(list)).toBe(0);
      await receiver.start();
      receiver.failNext = 7; // up, but failing for a moment
      for (let round = 0; round < 40 && (await second.outbox.list({ state: 'pending' })).length > 0; round++) {
        await dispatcher2.runOnce();
        now += 20_000;
      }
      await receiver.stop();

      expect(await second.outbox.list({ state: 'pending' })).toEqual([]);
      expect(await second.outbox.list({ state: 'dead' })).toEqual([]);
      expect((await second.outbox.list({ state: 'delivered', limit: 1000 })).length).toBe(30);
      expect(receiver.rejected).toEqual([]);
      expect([...receiver.accepted.keys()].sort()).toEqual(expectedKeys(['soar', 'slack'], list));
      expect(receiver.requests.length).toBe(30); // nothing was sent twice either
      const log = await second.outbox.listAttempts({ subscriptionId: 'soar', limit: 1000 });
      expect(log.filter((a) => a.outcome === 'delivered').length).toBe(15);
      expect(log.filter((a) => a.status_code === 503).length).toBeGreaterThan(0);
      await second.conn.close();
    });
  });

  it('a dispatcher process killed (SIGKILL) in the middle of retries and deliveries loses nothing', async () => {
    await withTestDatabase(async (db) => {
      const receiver = new TestReceiver(SECRETS);
      await receiver.start();
      await receiver.stop();
      const s = await stores(db);
      await s.subscriptions.putSubscription(subscription('soar', receiver, '/soar', 'json'));
      await s.subscriptions.putSubscription(subscription('pd', receiver, '/slack', 'pagerduty'));
      const analyzer = new WebhookDispatcher({ ...s, now: () => Date.now() });
      const list = alerts(8, Date.now());
      expect(await analyzer.enqueueAlerts(list)).toBe(16);

      const children: ChildProcess[] = [];
      const startDispatcher = () => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/webhook-dispatcher-process.ts'], {
          // Two deliveries per round, so the kill lands between rounds of deliveries, not after all of them.
          env: { ...process.env, TW_TEST_DATABASE: db.database, TW_BATCH_SIZE: '2' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        return child;
      };
      const until = async (what: string, check: () => Promise<boolean> | boolean) => {
        for (let i = 0; i < 3000; i++) {
          if (await check()) return;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`timed out waiting for ${what}`);
      };
      try {
        const a = startDispatcher();
        await until(
          'failed attempts while the receiver is down',
          async () => (await s.outbox.listAttempts({ limit: 100 })).length >= 10,
        );
        await receiver.start();
        await until('the first deliveries', () => receiver.requests.length >= 3);
        a.kill('SIGKILL'); // possibly between a 200 and writing "delivered": the retry must be harmless
        await new Promise((r) => a.once('exit', r));
        const delivered = receiver.requests.length;
        expect(delivered).toBeLessThan(16);

        startDispatcher();
        await until(
          'every delivery',
          async () => (await s.outbox.list({ state: 'delivered', limit: 1000 })).length === 16,
        );
      } finally {
        for (const child of children) child.kill('SIGKILL');
        await receiver.stop();
      }
      expect(receiver.rejected).toEqual([]);
      expect([...receiver.accepted.keys()].sort()).toEqual(expectedKeys(['soar', 'pd'], list));
      const byKey = new Map<string, number>();
      for (const r of receiver.requests) byKey.set(r.idempotencyKey, (byKey.get(r.idempotencyKey) ?? 0) + 1);
      // At-least-once on the wire (a kill between the 200 and the outbox write resends), once per key at the receiver.
      expect([...byKey.values()].every((n) => n >= 1 && n <= 2)).toBe(true);
      await s.conn.close();
    });
  });
});
