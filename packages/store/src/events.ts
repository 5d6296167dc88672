import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';

/** Position in the (occurred_at, event_id) order, for resuming a scan. */
export interface EventCursor {
  occurred_at: number;
  event_id: string;
}

export interface EventQuery {
  /** Inclusive lower bound on occurred_at (epoch ms). */
  from?: number;
  /** Exclusive upper bound on occurred_at (epoch ms). */
  to?: number;
  tokenIds?: readonly string[];
  /** Resume strictly after this position. */
  after?: EventCursor;
  limit?: number;
}

/**
 * Where canonical events and dead letters are kept. Implemented by ClickHouse (scale-out) and DuckDB (embedded);
 * both pass the same contract suite.
 */
export interface EventStore {
  /** Durable when the promise resolves. Idempotent by event_id: writing an event twice leaves one. */
  appendEvents(events: readonly TokenEvent[]): Promise<void>;
  /** Durable when the promise resolves. Idempotent by dead_letter_id. */
  appendDeadLetters(records: readonly DeadLetter[]): Promise<void>;
  /** Events ordered by (occurred_at, event_id), each event_id once. */
  readEvents(query: EventQuery): Promise<TokenEvent[]>;
  /** Distinct events matching the query (limit/after ignored). */
  countEvents(query: EventQuery): Promise<number>;
  /** Dead letters, newest first. */
  readDeadLetters(query: { limit?: number; reason?: string }): Promise<DeadLetter[]>;
  countDeadLetters(): Promise<number>;
}

/** One failed authentication with an IP (a `token.auth_failed`, or a `token.used` whose outcome is failure). */
export interface IpFailure {
  ip: string;
  token_id: string;
  occurred_at: number;
  event_id: string;
}

export interface IpFailureQuery {
  /** Inclusive / exclusive bounds on occurred_at (epoch ms). */
  from: number;
  to: number;
  /** Only IPs with at least this many failures, on at least `minTokens` distinct tokens, in [from, to). */
  minFailures: number;
  minTokens: number;
  /** At most this many rows (default 100,000). */
  limit?: number;
}

/**
 * Failed authentications grouped by IP across all tokens: the per-IP failure burst needs every token's failures,
 * which no single analyzer instance sees (Kafka partitions by token). Implemented by both event stores.
 *
 * Contract: each event once; only IPs meeting both minimums; ordered by ip, occurred_at, event_id.
 */
export interface IpFailureReader {
  readIpFailures(query: IpFailureQuery): Promise<IpFailure[]>;
}
