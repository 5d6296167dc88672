import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryAttempt, OutboxEntry, ReportSchedule, WebhookSubscription } from '@tokenwatch/schema';
import type { OutboxStore, ScheduleStore, WebhookStore } from '@tokenwatch/store';
import type { MakeStore, StoreHarness } from './harness';

const T = Date.UTC(2026, 0, 5, 9);

function useHarness<S>(makeStore: MakeStore<S>) {
  const box: { harness?: StoreHarness<S>; store?: S } = {};
  beforeEach(async () => {
    box.harness = await makeStore();
    box.store = box.harness.store;
  });
  afterEach(async () => {
    await box.harness!.cleanup();
  });
  return box as { harness: StoreHarness<S>; store: S };
}

export function makeSubscription(n: number, over: Partial<WebhookSubscription> = {}): WebhookSubscription {
  return {
    subscription_id: `sub-${n}`,
    name: `SOC channel ${n}`,
    url: `https://hooks.example.com/services/${n}?q='x'`,
    secret: 'a-secret-of-24-characters',
    format: 'json',
    filters: n % 2 ? { severities: ['high', 'critical'], detectors: ['new_ip'] } : {},
    enabled: true,
    created_at: T + n,
    updated_at: T + n,
    ...over,
  };
}

export function makeOutboxEntry(n: number, over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    delivery_id: `dlv-${n}`,
    subscription_id: `sub-${n % 2}`,
    alert_id: `new_ip:${n}`,
    event: 'alert.created',
    body: JSON.stringify({ n, text: "it's \u{1F511}" }),
    content_type: 'application/json',
    state: 'pending',
    attempts: 0,
    next_attempt_at: T + n * 1000,
    last_status_code: 0,
    last_error: '',
    created_at: T + n,
    updated_at: T + n,
    version: 1,
    ...over,
  };
}

export function makeSchedule(n: number, over: Partial<ReportSchedule> = {}): ReportSchedule {
  return {
    schedule_id: `sched-${n}`,
    name: `Monthly compliance ${n}`,
    cron: '0 7 1 * *',
    timezone: 'Europe/Berlin',
    format: 'pdf',
    lookback_days: 31,
    destination: n % 2 ? { kind: 'folder', path: '/srv/reports' } : { kind: 'webhook', subscription_id: 'sub-1' },
    enabled: true,
    created_at: T + n,
    updated_at: T + n,
    ...over,
  };
}

/** The behaviour every WebhookStore adapter promises (packages/store/src/webhooks.ts). */
export function describeWebhookStoreContract(name: string, makeStore: MakeStore<WebhookStore>): void {
  describe(`WebhookStore contract: ${name}`, () => {
    const h = useHarness(makeStore);

    it('stores, replaces, lists and deletes subscriptions', async () => {
      const a = makeSubscription(1);
      const b = makeSubscription(2, { format: 'pagerduty', pagerduty_routing_key: 'R0UT1NG' });
      await h.store.putSubscription(a);
      await h.store.putSubscription(b);
      expect(await h.store.getSubscription(a.subscription_id)).toEqual(a);
      const a2 = { ...a, enabled: false, updated_at: a.updated_at + 5 };
      await h.store.putSubscription(a2);
      expect(await h.store.getSubscription(a.subscription_id)).toEqual(a2);
      expect((await h.store.listSubscriptions()).map((s) => s.subscription_id).sort()).toEqual(['sub-1', 'sub-2']);
      expect(await h.store.deleteSubscription(a.subscription_id, T + 100)).toBe(true);
      expect(await h.store.deleteSubscription(a.subscription_id, T + 101)).toBe(false);
      expect(await h.store.getSubscription(a.subscription_id)).toBeUndefined();
      expect(await h.store.listSubscriptions()).toEqual([b]);
    });

    it('keeps subscriptions when reopened', async () => {
      const a = makeSubscription(3);
      await h.store.putSubscription(a);
      const reopened = await h.harness.reopen();
      expect(await reopened.getSubscription(a.subscription_id)).toEqual(a);
    });
  });
}

/** The behaviour every OutboxStore adapter promises (packages/store/src/webhooks.ts). */
export function describeOutboxStoreContract(name: string, makeStore: MakeStore<OutboxStore>): void {
  describe(`OutboxStore contract: ${name}`, () => {
    const h = useHarness(makeStore);

    it('enqueues each delivery_id once, whatever its state, and says how many were new', async () => {
      const entries = [makeOutboxEntry(1), makeOutboxEntry(2), makeOutboxEntry(3)];
      expect(await h.store.enqueue(entries)).toBe(3);
      expect(await h.store.enqueue([makeOutboxEntry(2, { body: 'other' }), makeOutboxEntry(4)])).toBe(1);
      await h.store.update([{ ...entries[0]!, state: 'delivered', version: 2 }]);
      expect(await h.store.enqueue([makeOutboxEntry(1)])).toBe(0);
      expect(await h.store.get('dlv-2')).toEqual(entries[1]);
      expect(await h.store.enqueue([])).toBe(0);
    });

    it('hands out due pending entries soonest first, and keeps the newest version', async () => {
      await h.store.enqueue([makeOutboxEntry(3), makeOutboxEntry(1), makeOutboxEntry(2), makeOutboxEntry(9)]);
      expect((await h.store.due(T + 3000, 10)).map((e) => e.delivery_id)).toEqual(['dlv-1', 'dlv-2', 'dlv-3']);
      expect((await h.store.due(T + 3000, 2)).map((e) => e.delivery_id)).toEqual(['dlv-1', 'dlv-2']);
      const retried = { ...makeOutboxEntry(1), attempts: 1, next_attempt_at: T + 60_000, version: 3 };
      await h.store.update([retried]);
      await h.store.update([{ ...makeOutboxEntry(1), version: 2, last_error: 'stale write' }]);
      expect(await h.store.get('dlv-1')).toEqual(retried);
      await h.store.update([{ ...makeOutboxEntry(2), state: 'dead', version: 2 }]);
      expect((await h.store.due(T + 3000, 10)).map((e) => e.delivery_id)).toEqual(['dlv-3']);
      expect((await h.store.list({ state: 'dead' })).map((e) => e.delivery_id)).toEqual(['dlv-2']);
      expect((await h.store.list({ subscriptionId: 'sub-1' })).map((e) => e.delivery_id).sort()).toEqual([
        'dlv-1',
        'dlv-3',
        'dlv-9',
      ]);
    });

    it('keeps a delivery log, newest first', async () => {
      const attempt = (n: number, at: number, outcome: DeliveryAttempt['outcome']): DeliveryAttempt => ({
        delivery_id: `dlv-${n}`,
        subscription_id: 'sub-1',
        alert_id: `new_ip:${n}`,
        event: 'alert.created',
        attempt: at,
        at: T + at,
        outcome,
        status_code: outcome === 'delivered' ? 200 : 503,
        latency_ms: 12,
        error: outcome === 'delivered' ? '' : "HTTP 503 'unavailable'",
      });
      await h.store.appendAttempts([attempt(1, 1, 'failed'), attempt(2, 2, 'failed')]);
      await h.store.appendAttempts([attempt(1, 3, 'delivered')]);
      expect(await h.store.listAttempts({ deliveryId: 'dlv-1' })).toEqual([
        attempt(1, 3, 'delivered'),
        attempt(1, 1, 'failed'),
      ]);
      expect((await h.store.listAttempts({ subscriptionId: 'sub-1', limit: 2 })).map((a) => a.attempt)).toEqual([3, 2]);
    });

    it('keeps the outbox when reopened', async () => {
      await h.store.enqueue([makeOutboxEntry(5)]);
      const reopened = await h.harness.reopen();
      expect(await reopened.due(T + 5000, 10)).toEqual([makeOutboxEntry(5)]);
    });
  });
}

/** The behaviour every ScheduleStore adapter promises (packages/store/src/webhooks.ts). */
export function describeScheduleStoreContract(name: string, makeStore: MakeStore<ScheduleStore>): void {
  describe(`ScheduleStore contract: ${name}`, () => {
    const h = useHarness(makeStore);

    it('stores, replaces, lists and deletes schedules', async () => {
      const a = makeSchedule(1);
      const b = makeSchedule(2);
      await h.store.putSchedule(a);
      await h.store.putSchedule(b);
      const fired = { ...a, last_fired_at: T + 86_400_000, updated_at: a.updated_at + 1 };
      await h.store.putSchedule(fired);
      expect(await h.store.getSchedule(a.schedule_id)).toEqual(fired);
      expect((await h.store.listSchedules()).map((s) => s.schedule_id).sort()).toEqual(['sched-1', 'sched-2']);
      expect(await h.store.deleteSchedule(b.schedule_id, T + 9)).toBe(true);
      expect(await h.store.deleteSchedule(b.schedule_id, T + 10)).toBe(false);
      expect(await h.store.listSchedules()).toEqual([fired]);
      const reopened = await h.harness.reopen();
      expect(await reopened.getSchedule(a.schedule_id)).toEqual(fired);
    });
  });
}
