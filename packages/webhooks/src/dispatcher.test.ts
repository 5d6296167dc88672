import type { Alert, WebhookSubscription } from '@tokenwatch/schema';
import { describe, expect, it } from 'vitest';
import {
  alertPayload,
  backoffDelay,
  DEFAULT_RETRY,
  MemoryOutboxStore,
  MemoryWebhookStore,
  verifySignature,
  WebhookDispatcher,
  type HttpRequest,
} from './index';

const T0 = Date.UTC(2026, 10, 1);
const sub = (id: string, over: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  subscription_id: id,
  name: id,
  url: `http://127.0.0.1:9/${id}`,
  secret: `secret-${id}-0123456789`,
  format: 'json',
  filters: {},
  enabled: true,
  created_at: T0,
  updated_at: T0,
  ...over,
});
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  alert_id: id,
  detector: 'new_ip',
  severity: 'high',
  status: 'open',
  token_id: 'tok',
  source: 'tableau_cloud',
  title: `alert ${id}`,
  explanation: 'x',
  evidence: { event_ids: [], values: {} },
  first_seen_at: T0,
  last_seen_at: T0,
  count: 1,
  created_at: T0,
  updated_at: T0,
  ...over,
});

function setup(answer: (req: HttpRequest) => number) {
  let now = T0;
  const subscriptions = new MemoryWebhookStore();
  const outbox = new MemoryOutboxStore();
  const sent: HttpRequest[] = [];
  const dispatcher = new WebhookDispatcher({
    subscriptions,
    outbox,
    now: () => now,
    random: () => 0.5,
    retry: { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 5 },
    post: (req) => {
      sent.push(req);
      const status = answer(req);
      return status === 0
        ? Promise.reject(new Error('connect ECONNREFUSED'))
        : Promise.resolve({ status, snippet: '' });
    },
  });
  return { subscriptions, outbox, dispatcher, sent, advance: (ms: number) => (now += ms), clock: () => now };
}

describe('backoffDelay', () => {
  it('doubles, caps, and jitters within [d/2, d]', () => {
    const p = { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 10 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, p, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
    expect(backoffDelay(100, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

describe('WebhookDispatcher', () => {
  it('enqueues one delivery per matching subscription, once per alert event', async () => {
    const s = setup(() => 200);
    await s.subscriptions.putSubscription(sub('all'));
    await s.subscriptions.putSubscription(sub('critical-only', { filters: { severities: ['critical'] } }));
    await s.subscriptions.putSubscription(sub('github-only', { filters: { sources: ['github'] } }));
    await s.subscriptions.putSubscription(sub('off', { enabled: false }));
    expect(await s.dispatcher.enqueueAlert(alert('a1'))).toBe(1);
    expect(await s.dispatcher.enqueueAlert(alert('a1'))).toBe(0);
    expect(await s.dispatcher.enqueueAlert(alert('a2', { severity: 'critical' }))).toBe(2);
    expect(await s.dispatcher.enqueueAlert(alert('a2', { severity: 'critical' }), 'alert.resolved')).toBe(2);
    expect((await s.dispatcher.runOnce()).delivered).toBe(5);
    expect(await s.dispatcher.runOnce()).toEqual({ attempted: 0, delivered: 0, failed: 0, dead: 0 });
  });

  it('signs each attempt freshly and retries with backoff until delivered', async () => {
    let up = false;
    const s = setup(() => (up ? 200 : 0));
    await s.subscriptions.putSubscription(sub('s'));
    await s.dispatcher.enqueueAlert(alert('a1'));
    expect((await s.dispatcher.runOnce()).failed).toBe(1);
    expect((await s.dispatcher.runOnce()).attempted).toBe(0); // not due yet: 750 ms (jitter 0.5 of 1 s)
    s.advance(750);
    expect((await s.dispatcher.runOnce()).failed).toBe(1);
    s.advance(1499);
    expect((await s.dispatcher.runOnce()).attempted).toBe(0);
    s.advance(1);
    up = true;
    expect((await s.dispatcher.runOnce()).delivered).toBe(1);
    const keys = new Set(s.sent.map((r) => r.headers['Idempotency-Key']));
    expect(keys.size).toBe(1);
    for (const req of s.sent)
      expect(
        verifySignature('secret-s-0123456789', req.headers['Tokenwatch-Signature'], req.body, {
          nowSeconds: Math.floor(s.clock() / 1000),
        }).ok,
      ).toBe(true);
    const log = await s.outbox.listAttempts({});
    expect(log.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [3, 'delivered', 200],
      [2, 'failed', 0],
      [1, 'failed', 0],
    ]);
    expect(log[1]!.error).toMatch(/ECONNREFUSED/);
  });

  it('gives up after the cap, keeps the dead delivery, and can retry it', async () => {
    const s = setup(() => 500);
    await s.subscriptions.putSubscription(sub('s'));
    await s.dispatcher.enqueueAlert(alert('a1'));
    for (let i = 0; i < 10; i++) {
      await s.dispatcher.runOnce();
      s.advance(10_000);
    }
    const [dead] = await s.outbox.list({ state: 'dead' });
    expect(dead).toMatchObject({ attempts: 5, last_status_code: 500 });
    expect(s.sent).toHaveLength(5);
    expect(await s.dispatcher.retryDead(dead!.delivery_id)).toBe(true);
    expect((await s.dispatcher.runOnce()).attempted).toBe(1);
  });

  it('treats 410 Gone and a deleted subscription as final', async () => {
    const s = setup(() => 410);
    await s.subscriptions.putSubscription(sub('s'));
    await s.subscriptions.putSubscription(sub('gone'));
    await s.dispatcher.enqueueAlert(alert('a1'));
    await s.subscriptions.deleteSubscription('gone');
    expect(await s.dispatcher.runOnce()).toMatchObject({ attempted: 2, dead: 2 });
  });

  it('builds Slack and PagerDuty bodies', () => {
    const ctx = { deliveryId: 'd', now: T0, publicUrl: 'https://tw.example.com/' };
    const slack = alertPayload(sub('s', { format: 'slack' }), alert('a1'), 'alert.raised', ctx) as { text: string };
    expect(slack.text).toBe('HIGH: alert a1');
    const pd = alertPayload(
      sub('p', { format: 'pagerduty', pagerduty_routing_key: 'R' }),
      alert('a1'),
      'alert.raised',
      ctx,
    );
    expect(pd).toMatchObject({
      routing_key: 'R',
      event_action: 'trigger',
      dedup_key: 'a1',
      payload: { severity: 'error', source: 'tok' },
    });
    const resolve = alertPayload(sub('p', { format: 'pagerduty' }), alert('a1'), 'alert.resolved', ctx);
    expect(resolve).toEqual({ routing_key: '', event_action: 'resolve', dedup_key: 'a1' });
  });
});
