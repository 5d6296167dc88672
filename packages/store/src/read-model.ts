import type {
  Alert,
  AlertStatus,
  DetectorId,
  Severity,
  Source,
  Token,
  TokenEvent,
  TokenStatus,
} from '@tokenwatch/schema';
import type { EventCursor } from './events';

/**
 * The read side the API and reports query. Implemented by ClickHouse (scale-out) and DuckDB (embedded).
 *
 * Contract, for every implementation:
 * - Lists are keyset-paginated: a page holds at most `limit` items in the documented order, and `next` is the
 *   position of its last item when (and only when) more items follow. Passing it back as `after` continues
 *   strictly after that item, so rows inserted meanwhile never shift a page.
 * - Times are epoch milliseconds (UTC); `from` is inclusive, `to` exclusive.
 * - Every event is counted once per `event_id`, even when a store holds a redelivered duplicate.
 * - Unknown ids yield `undefined` / empty results, never an error. Inputs are already validated by the caller
 *   (limits within 1…1000, enums from @tokenwatch/schema), but implementations must still never build queries by
 *   string concatenation.
 */
export interface ReadModel {
  /** Tokens ordered by token_id. */
  listTokens(query: TokenListQuery): Promise<Page<Token, TokenCursor>>;
  getToken(tokenId: string): Promise<Token | undefined>;
  /** A token's events, newest first (occurred_at desc, event_id desc); `raw` is left out. */
  tokenTimeline(tokenId: string, query: TimelineQuery): Promise<Page<TimelineEvent, EventCursor>>;
  /** Events of one token per time bucket, split by one dimension; the `limit` busiest keys only. */
  tokenUsage(tokenId: string, query: UsageQuery): Promise<UsageSeries[]>;
  /** Alerts ordered by last_seen_at desc, alert_id desc. */
  listAlerts(query: AlertListQuery): Promise<Page<Alert, AlertCursor>>;
  /** Who uses tokens how much in [from, to). */
  usageReport(query: UsageReportQuery): Promise<UsageReport>;
  /** True when the backing store answers. */
  ping(): Promise<boolean>;
}

export interface Page<T, C> {
  items: T[];
  next?: C;
}

export interface TokenCursor {
  token_id: string;
}

export interface AlertCursor {
  last_seen_at: number;
  alert_id: string;
}

export interface TokenListQuery {
  status?: TokenStatus;
  /** Matches owner_id or owner_email exactly. */
  owner?: string;
  source?: Source;
  /** Only tokens last used at or before `now - staleForMs` (never-used tokens included). */
  staleForMs?: number;
  /** Only tokens whose expiry lies in [now, now + expiringWithinMs). */
  expiringWithinMs?: number;
  /** The instant `staleForMs` and `expiringWithinMs` are measured from. */
  now: number;
  after?: TokenCursor;
  limit: number;
}

export type TimelineEvent = Omit<TokenEvent, 'raw'>;

export interface TimelineQuery {
  from?: number;
  to?: number;
  after?: EventCursor;
  limit: number;
}

export const USAGE_DIMENSIONS = ['ip', 'asn', 'country', 'user_agent'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];
export const USAGE_INTERVALS = ['hour', 'day'] as const;
export type UsageInterval = (typeof USAGE_INTERVALS)[number];

export interface UsageQuery {
  by: UsageDimension;
  interval: UsageInterval;
  from: number;
  to: number;
  /** How many keys (busiest first). */
  limit: number;
}

/** One key (an IP, an ASN as decimal text, a country code, a user agent; "" = unknown) over time. */
export interface UsageSeries {
  key: string;
  events: number;
  failures: number;
  /** Buckets with at least one event, ascending; `start` is the bucket's first millisecond. */
  points: { start: number; events: number; failures: number }[];
}

export interface AlertListQuery {
  status?: readonly AlertStatus[];
  severity?: readonly Severity[];
  detector?: readonly DetectorId[];
  tokenId?: string;
  /** Bounds on last_seen_at: [from, to). */
  from?: number;
  to?: number;
  after?: AlertCursor;
  limit: number;
}

export interface UsageReportQuery {
  from: number;
  to: number;
  /** Length of each top list. */
  limit: number;
}

export interface UsageReport {
  from: number;
  to: number;
  events: number;
  top_tokens: { token_id: string; events: number; failures: number; distinct_ips: number }[];
  top_ips: { ip: string; events: number; failures: number; tokens: number }[];
  failures: {
    total: number;
    by_reason: { reason: string; events: number }[];
    per_day: { day: number; events: number }[];
  };
  /** Per UTC day: (token, network) pairs whose first sighting ever lies in [from, to), by that day. */
  new_networks_per_day: { day: number; networks: number }[];
}
