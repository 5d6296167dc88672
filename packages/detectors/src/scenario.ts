/**
 * Builders for detector scenario tests and benchmarks: compact canonical events on a fixed timeline.
 * Not part of the detectors' logic; exported so the analyzer's tests and bench/analyzer.ts build the same events.
 */
import type { TokenEvent } from '@tokenwatch/schema';

/** Monday 2026-01-05 00:00:00 UTC. */
export const T0 = Date.UTC(2026, 0, 5);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

let counter = 0;

export type EventSpec = Partial<TokenEvent> & { at: number };

export function tokenEvent(spec: EventSpec): TokenEvent {
  const { at, ...rest } = spec;
  counter++;
  return {
    schema_version: 1,
    event_id: rest.event_id ?? `ev-${at}-${counter}`,
    source: 'generic',
    source_event_type: 'signin',
    kind: 'token.used',
    occurred_at: at,
    received_at: at,
    token_id: 'tok-1',
    outcome: 'success',
    raw: '{}',
    ...rest,
  };
}

/** `count` events spread evenly over [from, from + span). */
export function spread(count: number, from: number, span: number, spec: Partial<TokenEvent> = {}): TokenEvent[] {
  return Array.from({ length: count }, (_, i) => tokenEvent({ ...spec, at: from + Math.floor((i * span) / count) }));
}

export function byTime(events: TokenEvent[]): TokenEvent[] {
  return [...events].sort((a, b) => a.occurred_at - b.occurred_at || (a.event_id < b.event_id ? -1 : 1));
}
