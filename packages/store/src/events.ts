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
