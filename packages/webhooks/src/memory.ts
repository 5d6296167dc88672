import type { DeliveryAttempt, DeliveryState, OutboxEntry, WebhookSubscription } from '@tokenwatch/schema';
import type { OutboxStore, WebhookStore } from '@tokenwatch/store';

/** In-process stores: unit tests, and a process that runs without a database. Nothing survives a restart. */
export class MemoryWebhookStore implements WebhookStore {
  private readonly subs = new Map<string, WebhookSubscription>();
  putSubscription(s: WebhookSubscription): Promise<void> {
    this.subs.set(s.subscription_id, s);
    return Promise.resolve();
  }
  getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    return Promise.resolve(this.subs.get(id));
  }
  listSubscriptions(): Promise<WebhookSubscription[]> {
    return Promise.resolve([...this.subs.values()]);
  }
  deleteSubscription(id: string): Promise<boolean> {
    return Promise.resolve(this.subs.delete(id));
  }
}

export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly attempts: DeliveryAttempt[] = [];
  enqueue(entries: readonly OutboxEntry[]): Promise<number> {
    let added = 0;
    for (const e of entries)
      if (!this.entries.has(e.delivery_id)) {
        this.entries.set(e.delivery_id, e);
        added++;
      }
    return Promise.resolve(added);
  }
  due(now: number, limit: number): Promise<OutboxEntry[]> {
    return Promise.resolve(
      [...this.entries.values()]
        .filter((e) => e.state === 'pending' && e.next_attempt_at <= now)
        .sort((a, b) => a.next_attempt_at - b.next_attempt_at)
        .slice(0, limit),
    );
  }
  update(entries: readonly OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      const current = this.entries.get(entry.delivery_id);
      if (!current || current.version < entry.version) this.entries.set(entry.delivery_id, entry);
    }
    return Promise.resolve();
  }
  get(id: string): Promise<OutboxEntry | undefined> {
    return Promise.resolve(this.entries.get(id));
  }
  list(q: { state?: DeliveryState; subscriptionId?: string; limit?: number }): Promise<OutboxEntry[]> {
    return Promise.resolve(
      [...this.entries.values()]
        .filter(
          (e) =>
            (q.state === undefined || e.state === q.state) &&
            (q.subscriptionId === undefined || e.subscription_id === q.subscriptionId),
        )
        .sort((a, b) => b.created_at - a.created_at)
        .slice(0, q.limit ?? 100),
    );
  }
  appendAttempts(attempts: readonly DeliveryAttempt[]): Promise<void> {
    this.attempts.push(...attempts);
    return Promise.resolve();
  }
  listAttempts(q: { deliveryId?: string; subscriptionId?: string; limit?: number }): Promise<DeliveryAttempt[]> {
    return Promise.resolve(
      this.attempts
        .filter(
          (a) =>
            (q.deliveryId === undefined || a.delivery_id === q.deliveryId) &&
            (q.subscriptionId === undefined || a.subscription_id === q.subscriptionId),
        )
        .reverse()
        .slice(0, q.limit ?? 100),
    );
  }
}
