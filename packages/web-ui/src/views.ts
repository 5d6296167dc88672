/** What the pages show, in the API's JSON shapes (the UI reads everything through the HTTP API). */
import type { Alert, AlertAuditEntry, Token, TokenEvent } from '@tokenwatch/schema';

export type { Alert, AlertAuditEntry, Token };
export type TimelineEvent = Omit<TokenEvent, 'raw'>;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface UsagePoint {
  start: number;
  events: number;
  failures: number;
}

export interface UsageSeries {
  key: string;
  events: number;
  failures: number;
  points: UsagePoint[];
}

export interface Usage {
  by: string;
  interval: 'hour' | 'day';
  from: number;
  to: number;
  series: UsageSeries[];
}

/** GET /v1/alerts/:id and every triage answer. */
export interface AlertDetail {
  alert: Alert;
  audit: AlertAuditEntry[];
}

export interface AlertFilters {
  status: string[];
  severity: string[];
  detector: string[];
  token_id?: string;
}

/** The triage actions the UI offers, in the order its buttons appear. */
export const TRIAGE_ACTIONS = ['acknowledge', 'resolve', 'false_positive', 'reopen', 'assign', 'comment'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];
