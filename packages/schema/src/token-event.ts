import { z } from 'zod';
import { isIP } from 'node:net';

/** Systems tokenwatch reads. `generic` is the documented canonical JSON format anyone can send. */
export const SOURCES = [
  'tableau_cloud',
  'tableau_server',
  'github',
  'aws_cloudtrail',
  'databricks',
  'generic',
] as const;
export type Source = (typeof SOURCES)[number];

export const EVENT_KINDS = [
  'token.created',
  'token.used',
  'token.auth_failed',
  'token.revoked',
  'token.expired',
  'token.updated',
  'session.revoked',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A missing vendor outcome is `unknown`, never `success`. */
export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TOKEN_EVENT_SCHEMA_VERSION = 1;
/** `raw` keeps the original record as evidence, capped so one huge record cannot bloat storage. */
export const RAW_MAX_BYTES = 16 * 1024;

/** Epoch milliseconds, UTC, within a sane range (1990 … 2200) so a seconds-vs-ms mix-up is caught. */
export const EpochMs = z
  .number()
  .int('must be an integer number of milliseconds')
  .min(631152000000, 'before 1990: probably seconds instead of milliseconds')
  .max(7258118400000, 'after 2200');

/** An IPv4 or IPv6 address in normalised text form (see normaliseIp). */
export const IpAddress = z.string().refine((v) => isIP(v) !== 0, 'not an IPv4 or IPv6 address');

const Text = (max: number) => z.string().max(max);

/**
 * The canonical event, version 1. Every source normaliser produces this; every store and detector consumes it.
 * Times are epoch milliseconds (UTC). Optional fields are absent rather than empty.
 */
export const TokenEvent = z.strictObject({
  schema_version: z.literal(TOKEN_EVENT_SCHEMA_VERSION),
  event_id: z.string().min(1).max(200),
  source: z.enum(SOURCES),
  source_event_type: Text(256),
  kind: z.enum(EVENT_KINDS),
  occurred_at: EpochMs,
  received_at: EpochMs,
  /** Stable key of the token; never the secret. */
  token_id: z.string().min(1, 'token id is required').max(512),
  token_name: Text(512).optional(),
  owner_id: Text(512).optional(),
  owner_email: Text(512).optional(),
  tenant: Text(512).optional(),
  site: Text(512).optional(),
  ip: IpAddress.optional(),
  /**
   * The service that made the call on the principal's behalf, when the vendor names one instead of a client IP
   * (CloudTrail `sourceIPAddress: "iam.amazonaws.com"`, `userIdentity.invokedBy`). Never an IP address.
   */
  invoked_by: Text(256).optional(),
  /** Enrichment (offline IP data), filled by ingest when available. */
  asn: z.number().int().min(0).max(4294967295).optional(),
  country: z.string().length(2).optional(),
  user_agent: Text(2048).optional(),
  request: z.strictObject({ method: Text(16).optional(), path: Text(4096).optional() }).optional(),
  outcome: z.enum(OUTCOMES),
  outcome_reason: Text(2048).optional(),
  scopes: z.array(Text(256)).max(256).optional(),
  expires_at: EpochMs.optional(),
  /** The original record (JSON text), truncated to RAW_MAX_BYTES. */
  raw: z.string(),
});
export type TokenEvent = z.infer<typeof TokenEvent>;
