import { z } from 'zod';
import { EpochMs, SOURCES } from './token-event';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const DETECTOR_IDS = [
  'new_ip',
  'new_asn_country',
  'new_user_agent',
  'volume_spike',
  'volume_drop',
  'use_after_revocation',
  'use_after_expiry',
  'auth_failure_burst',
  'concurrent_use',
  'impossible_travel',
  'dormant_reuse',
  'policy_max_age',
  'policy_no_expiry',
  'policy_expiring_soon',
  'policy_idle',
  'policy_owner_removed',
] as const;
export type DetectorId = (typeof DETECTOR_IDS)[number];

/** What an alert rests on: the events, the observed values and the baseline they were compared with. */
export const Evidence = z.strictObject({
  event_ids: z.array(z.string()).max(100),
  values: z.record(z.string(), z.unknown()),
  baseline: z.record(z.string(), z.unknown()).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * One alert. `alert_id` is deterministic (detector + token + window) so the same finding raised twice — after a
 * restart, or from a redelivered batch — is the same alert; repeats bump `count` and `last_seen_at`.
 */
export const Alert = z.strictObject({
  alert_id: z.string().min(1).max(200),
  detector: z.enum(DETECTOR_IDS),
  severity: z.enum(SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  token_id: z.string().min(1).max(512),
  source: z.enum(SOURCES).optional(),
  /** The IP / network / user agent the finding is about, when there is one (used by suppressions). */
  ip: z.string().max(64).optional(),
  user_agent: z.string().max(2048).optional(),
  title: z.string().max(512),
  /** One sentence a person can act on. */
  explanation: z.string().max(4096),
  evidence: Evidence,
  first_seen_at: EpochMs,
  last_seen_at: EpochMs,
  count: z.number().int().min(1),
  assignee: z.string().max(256).optional(),
  created_at: EpochMs,
  updated_at: EpochMs,
});
export type Alert = z.infer<typeof Alert>;

/** Who changed what on an alert, and when. Append-only. */
export const AlertAuditEntry = z.strictObject({
  alert_id: z.string(),
  at: EpochMs,
  actor: z.string().max(256),
  action: z.enum([
    'created',
    'repeated',
    'acknowledged',
    'resolved',
    'false_positive',
    'reopened',
    'assigned',
    'commented',
  ]),
  from_status: z.enum(ALERT_STATUSES).optional(),
  to_status: z.enum(ALERT_STATUSES).optional(),
  note: z.string().max(8192).optional(),
});
export type AlertAuditEntry = z.infer<typeof AlertAuditEntry>;

/** Silences matching findings until it expires. Every field given must match; at least one must be given. */
export const Suppression = z
  .strictObject({
    suppression_id: z.string().min(1).max(200),
    token_id: z.string().max(512).optional(),
    detector: z.enum(DETECTOR_IDS).optional(),
    cidr: z.string().max(64).optional(),
    user_agent: z.string().max(2048).optional(),
    reason: z.string().min(1).max(2048),
    author: z.string().min(1).max(256),
    created_at: EpochMs,
    expires_at: EpochMs.optional(),
  })
  .refine(
    (s) => s.token_id ?? s.detector ?? s.cidr ?? s.user_agent,
    'a suppression needs at least one of token_id, detector, cidr, user_agent',
  );
export type Suppression = z.infer<typeof Suppression>;
