import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Alert, DeliveryAttempt, OutboxEntry, WebhookSubscription } from '@tokenwatch/schema';
import type { OutboxStore, WebhookStore } from '@tokenwatch/store';
import { fetchPost, type HttpPost } from './http';
import { alertPayload, matchesSubscription, type AlertEvent } from './payload';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry';
import { deliveryKey, EVENT_HEADER, IDEMPOTENCY_HEADER, signatureHeader, SIGNATURE_HEADER } from './sign';

export interface DispatcherOptions {
  subscriptions: WebhookStore;
  outbox: OutboxStore;
  now: () => number;
  post?: HttpPost;
  random?: () => number;
  retry?: RetryPolicy;
  /** Due deliveries attempted per round (concurrently). */
  batchSize?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Base URL for links back to tokenwatch in payloads. */
  publicUrl?: string;
}

export interface RoundSummary {
  attempted: number;
  delivered: number;
  failed: number;
  dead: number;
}

/**
 * Turns alerts into signed webhook deliveries through the persistent outbox. At-least-once towards the receiver,
 * exactly-once per idempotency key for a receiver that de-duplicates on `Idempotency-Key`. Run one dispatcher
 * loop per deployment (several would attempt the same due entry twice; harmless, but noisy).
 */
export class WebhookDispatcher {
  private readonly post: HttpPost;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DispatcherOptions) {
    this.post = options.post ?? fetchPost;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Puts one delivery per matching subscription into the outbox; durable when it resolves. Returns how many were new. */
  async enqueueAlert(alert: Alert, event: AlertEvent = 'alert.raised'): Promise<number> {
    return this.enqueueAlerts([alert], event);
  }

  /**
   * enqueueAlert for many alerts with one read of the subscriptions and one write. `occurrence` (the instant of a
   * triage change) becomes part of the idempotency key, for events that can happen more than once to one alert
   * (resolved, reopened, resolved again); without it the key is per (subscription, alert, event).
   */
  async enqueueAlerts(
    alerts: readonly Alert[],
    event: AlertEvent = 'alert.raised',
    occurrence?: number,
  ): Promise<number> {
    const now = this.options.now();
    const subscriptions = await this.options.subscriptions.listSubscriptions();
    return this.options.outbox.enqueue(
      alerts.flatMap((alert) =>
        subscriptions
          .filter((sub) => matchesSubscription(sub, alert))
          .map((sub) => {
            const key = occurrence === undefined ? alert.alert_id : `${alert.alert_id}@${occurrence}`;
            const deliveryId = deliveryKey(sub.subscription_id, key, event);
            const body = alertPayload(sub, alert, event, { deliveryId, now, publicUrl: this.options.publicUrl });
            return newEntry(deliveryId, sub.subscription_id, alert.alert_id, event, JSON.stringify(body), now);
          }),
      ),
    );
  }

  /** Queues an arbitrary JSON document (a scheduled report) for one subscription under a caller-chosen key. */
  async enqueueDocument(subscriptionId: string, key: string, event: string, body: unknown): Promise<string> {
    const deliveryId = deliveryKey(subscriptionId, key, event);
    await this.options.outbox.enqueue([
      newEntry(deliveryId, subscriptionId, '', event, JSON.stringify(body), this.options.now()),
    ]);
    return deliveryId;
  }

  /** Attempts every due delivery once. */
  async runOnce(): Promise<RoundSummary> {
    const due = await this.options.outbox.due(this.options.now(), this.options.batchSize ?? 50);
    if (due.length === 0) return { attempted: 0, delivered: 0, failed: 0, dead: 0 };
    const subscriptions = new Map(
      (await this.options.subscriptions.listSubscriptions()).map((s) => [s.subscription_id, s]),
    );
    const results = await Promise.all(
      due.map((entry) => this.attempt(entry, subscriptions.get(entry.subscription_id))),
    );
    // One write per round for the log and one for the states. A crash before the second leaves the entries
    // pending, so they are sent again: harmless, the receiver de-duplicates on the idempotency key.
    await this.options.outbox.appendAttempts(results.map((r) => r.attempt));
    await this.options.outbox.update(results.map((r) => r.entry));
    const outcomes = results.map((r) => r.attempt);
    return {
      attempted: outcomes.length,
      delivered: outcomes.filter((o) => o.outcome === 'delivered').length,
      failed: outcomes.filter((o) => o.outcome === 'failed').length,
      dead: outcomes.filter((o) => o.outcome === 'dead').length,
    };
  }

  /** Puts a dead delivery back in the queue with a fresh attempt budget. False when it is not dead. */
  async retryDead(deliveryId: string): Promise<boolean> {
    const entry = await this.options.outbox.get(deliveryId);
    if (!entry || entry.state !== 'dead') return false;
    const now = this.options.now();
    await this.options.outbox.update([
      {
        ...entry,
        state: 'pending',
        attempts: 0,
        next_attempt_at: now,
        updated_at: now,
        version: entry.version + 1,
      },
    ]);
    return true;
  }

  /** Sends a synthetic alert straight to the subscription (not through the outbox) and logs the attempt. */
  async sendTest(subscription: WebhookSubscription): Promise<DeliveryAttempt> {
    const now = this.options.now();
    const deliveryId = 'test_' + randomBytes(8).toString('hex');
    const alert = testAlert(now);
    const body = JSON.stringify(
      alertPayload(subscription, alert, 'alert.raised', { deliveryId, now, publicUrl: this.options.publicUrl }),
    );
    const { status, error, latency } = await this.send(
      subscription,
      newEntry(deliveryId, subscription.subscription_id, '', 'test', body, now),
      1,
    );
    const attempt: DeliveryAttempt = {
      delivery_id: deliveryId,
      subscription_id: subscription.subscription_id,
      alert_id: '',
      event: 'test',
      attempt: 1,
      at: now,
      outcome: status >= 200 && status < 300 ? 'delivered' : 'failed',
      status_code: status,
      latency_ms: latency,
      error,
    };
    await this.options.outbox.appendAttempts([attempt]);
    return attempt;
  }

  /** Runs rounds every `intervalMs` until stop(); a failing round is reported and the loop goes on. */
  start(intervalMs: number, onError: (error: unknown) => void = () => {}): void {
    const tick = () => {
      this.running = this.runOnce()
        .catch(onError)
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async send(sub: WebhookSubscription, entry: OutboxEntry, attempt: number) {
    const started = performance.now();
    const body = entry.body;
    let status = 0;
    let error = '';
    try {
      const response = await this.post({
        url: sub.url,
        body,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        headers: {
          'content-type': entry.content_type,
          'user-agent': 'tokenwatch-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader([sub.secret], body, Math.floor(this.options.now() / 1000)),
          [IDEMPOTENCY_HEADER]: entry.delivery_id,
          [EVENT_HEADER]: entry.event,
          'Tokenwatch-Delivery-Attempt': String(attempt),
        },
      });
      status = response.status;
      if (status < 200 || status >= 300) error = `HTTP ${status}: ${response.snippet}`.slice(0, 2048);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      error = [(e as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ').slice(0, 2048);
    }
    return { status, error, latency: Math.round(performance.now() - started) };
  }

  private async attempt(
    entry: OutboxEntry,
    sub: WebhookSubscription | undefined,
  ): Promise<{ attempt: DeliveryAttempt; entry: OutboxEntry }> {
    const attemptNo = entry.attempts + 1;
    const result = sub
      ? await this.send(sub, entry, attemptNo)
      : { status: 0, error: 'subscription deleted', latency: 0 };
    const now = this.options.now();
    const ok = result.status >= 200 && result.status < 300;
    // 410 Gone is the receiver saying "never again"; a deleted subscription has nowhere to go.
    const dead = !ok && (!sub || result.status === 410 || attemptNo >= this.retry.maxAttempts);
    const outcome = ok ? 'delivered' : dead ? 'dead' : 'failed';
    const attempt: DeliveryAttempt = {
      delivery_id: entry.delivery_id,
      subscription_id: entry.subscription_id,
      alert_id: entry.alert_id,
      event: entry.event,
      attempt: attemptNo,
      at: now,
      outcome,
      status_code: result.status,
      latency_ms: result.latency,
      error: result.error,
    };
    const next: OutboxEntry = {
      ...entry,
      state: ok ? 'delivered' : dead ? 'dead' : 'pending',
      attempts: attemptNo,
      next_attempt_at: ok || dead ? entry.next_attempt_at : now + backoffDelay(attemptNo, this.retry, this.random),
      last_status_code: result.status,
      last_error: result.error,
      updated_at: now,
      version: entry.version + 1,
    };
    return { attempt, entry: next };
  }
}

function newEntry(
  deliveryId: string,
  subscriptionId: string,
  alertId: string,
  event: string,
  body: string,
  now: number,
): OutboxEntry {
  return {
    delivery_id: deliveryId,
    subscription_id: subscriptionId,
    alert_id: alertId,
    event,
    body,
    content_type: 'application/json',
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    last_status_code: 0,
    last_error: '',
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

function testAlert(now: number): Alert {
  return {
    alert_id: 'test',
    detector: 'new_ip',
    severity: 'low',
    status: 'open',
    token_id: 'tokenwatch-test-token',
    title: 'tokenwatch test delivery',
    explanation: 'This is a test delivery from tokenwatch. If you can read it, the webhook works.',
    evidence: { event_ids: [], values: {} },
    first_seen_at: now,
    last_seen_at: now,
    count: 1,
    created_at: now,
    updated_at: now,
  };
}
