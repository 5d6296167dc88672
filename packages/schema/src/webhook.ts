import { z } from 'zod';
import { DETECTOR_IDS, SEVERITIES } from './alert';
import { EpochMs, SOURCES } from './token-event';

export const WEBHOOK_FORMATS = ['json', 'slack', 'pagerduty'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Where alerts (and scheduled reports) are sent. Filters left out match everything. */
export const WebhookSubscription = z.strictObject({
  subscription_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'letters, digits, _ . : - only'),
  name: z.string().min(1).max(256),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048),
  /** HMAC-SHA256 key for the signature header; never returned by the API after creation. */
  secret: z.string().min(16, 'at least 16 characters').max(256),
  format: z.enum(WEBHOOK_FORMATS),
  filters: z.strictObject({
    severities: z.array(z.enum(SEVERITIES)).optional(),
    detectors: z.array(z.enum(DETECTOR_IDS)).optional(),
    sources: z.array(z.enum(SOURCES)).optional(),
  }),
  /** PagerDuty Events v2 integration key (format `pagerduty` only). */
  pagerduty_routing_key: z.string().min(1).max(64).optional(),
  enabled: z.boolean(),
  created_at: EpochMs,
  updated_at: EpochMs,
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One delivery in the persistent outbox. `delivery_id` is the idempotency key the receiver sees: the same alert
 * event for the same subscription always gets the same key, however often it is enqueued or retried.
 */
export const OutboxEntry = z.strictObject({
  delivery_id: z.string().min(1).max(200),
  subscription_id: z.string().max(200),
  /** The alert this delivers ("" for reports and test deliveries). */
  alert_id: z.string().max(200),
  event: z.string().min(1).max(64),
  body: z.string(),
  content_type: z.string().max(128),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int().min(0),
  next_attempt_at: EpochMs,
  last_status_code: z.number().int().min(0).max(999),
  last_error: z.string().max(2048),
  created_at: EpochMs,
  updated_at: EpochMs,
  /** Grows with every change; the newest version wins (ReplacingMergeTree version column). */
  version: z.number().int().min(1),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** One HTTP attempt, kept for the delivery log. `status_code` 0 = no HTTP answer (refused, timeout). */
export const DeliveryAttempt = z.strictObject({
  delivery_id: z.string().max(200),
  subscription_id: z.string().max(200),
  alert_id: z.string().max(200),
  event: z.string().max(64),
  attempt: z.number().int().min(1),
  at: EpochMs,
  outcome: z.enum(['delivered', 'failed', 'dead']),
  status_code: z.number().int().min(0).max(999),
  latency_ms: z.number().int().min(0),
  error: z.string().max(2048),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;
