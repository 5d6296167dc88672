import type {
  DeliveryAttempt,
  DeliveryState,
  OutboxEntry,
  ReportSchedule,
  WebhookSubscription,
} from '@tokenwatch/schema';

/** Webhook subscriptions (ClickHouse: one row per version; deletes are tombstones). */
export interface WebhookStore {
  putSubscription(subscription: WebhookSubscription): Promise<void>;
  getSubscription(subscriptionId: string): Promise<WebhookSubscription | undefined>;
  listSubscriptions(): Promise<WebhookSubscription[]>;
  /** False when there was nothing to delete. */
  deleteSubscription(subscriptionId: string, at: number): Promise<boolean>;
}

/**
 * The persistent webhook outbox and its delivery log. An entry is durable when `enqueue` resolves, so an alert
 * accepted for delivery survives a crash of the sending process.
 */
export interface OutboxStore {
  /** Adds the entries whose delivery_id is not present yet (any state); returns how many were added. */
  enqueue(entries: readonly OutboxEntry[]): Promise<number>;
  /** Pending entries with next_attempt_at <= now, soonest first. */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  /** Stores new versions of entries (each `version` must be higher than the stored one). */
  update(entries: readonly OutboxEntry[]): Promise<void>;
  get(deliveryId: string): Promise<OutboxEntry | undefined>;
  list(query: { state?: DeliveryState; subscriptionId?: string; limit?: number }): Promise<OutboxEntry[]>;
  appendAttempts(attempts: readonly DeliveryAttempt[]): Promise<void>;
  /** Attempts, newest first. */
  listAttempts(query: { deliveryId?: string; subscriptionId?: string; limit?: number }): Promise<DeliveryAttempt[]>;
}

/** Report schedules (ClickHouse: one row per version; deletes are tombstones). */
export interface ScheduleStore {
  putSchedule(schedule: ReportSchedule): Promise<void>;
  getSchedule(scheduleId: string): Promise<ReportSchedule | undefined>;
  listSchedules(): Promise<ReportSchedule[]>;
  deleteSchedule(scheduleId: string, at: number): Promise<boolean>;
}
