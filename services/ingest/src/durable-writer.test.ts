import { describe, expect, it } from 'vitest';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { DurableWriter, WriterAborted } from './durable-writer';
import { backoffMs, isTransient } from './errors';

const event = (id: string): TokenEvent => ({
  schema_version: 1,
  event_id: id,
  source: 'generic',
  source_event_type: 'x',
  kind: 'token.used',
  occurred_at: 1_764_000_000_000,
  received_at: 1_764_000_000_000,
  token_id: 't',
  outcome: 'success',
  raw: '{}',
});

const connRefused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:18123'), { code: 'ECONNREFUSED' });

function fakeStore(behaviour: (events: readonly TokenEvent[]) => void) {
  const stored: TokenEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  return {
    stored,
    deadLetters,
    target: {
      appendEvents: async (events: readonly TokenEvent[]) => {
        behaviour(events);
        stored.push(...events);
      },
      appendDeadLetters: async (records: readonly DeadLetter[]) => void deadLetters.push(...records),
    },
  };
}

const options = { retryBaseMs: 1, retryCapMs: 2, now: () => 1, sleep: async () => undefined };

describe('DurableWriter', () => {
  it('retries transient errors until the store is back, losing nothing', async () => {
    let failures = 5;
    const store = fakeStore(() => {
      if (failures-- > 0) throw connRefused();
    });
    const retries: number[] = [];
    const writer = new DurableWriter({
      ...options,
      target: store.target,
      keepTrying: () => true,
      onRetry: (_w, attempt) => retries.push(attempt),
    });
    await writer.write([event('a'), event('b')], []);
    expect(store.stored.map((e) => e.event_id)).toEqual(['a', 'b']);
    expect(retries).toEqual([1, 2, 3, 4, 5]);
  });

  it('dead-letters only the rows the store permanently refuses; the rest goes through', async () => {
    const store = fakeStore((events) => {
      if (events.some((e) => e.event_id === 'poison')) throw new Error('Code: 27. Cannot parse input');
    });
    const writer = new DurableWriter({ ...options, target: store.target, keepTrying: () => true });
    await writer.write([event('a'), event('poison'), event('b'), event('c')], []);
    expect(store.stored.map((e) => e.event_id).sort()).toEqual(['a', 'b', 'c']);
    expect(store.deadLetters).toHaveLength(1);
    expect(store.deadLetters[0]!.reason).toMatch(/^store rejected event: Code: 27/);
    expect(JSON.parse(store.deadLetters[0]!.raw)).toEqual(event('poison'));
  });

  it('gives up during shutdown without pretending the write happened', async () => {
    const store = fakeStore(() => {
      throw connRefused();
    });
    const writer = new DurableWriter({ ...options, target: store.target, keepTrying: () => false });
    await expect(writer.write([event('a')], [])).rejects.toBeInstanceOf(WriterAborted);
    expect(store.deadLetters).toEqual([]);
  });
});

describe('error classification and backoff', () => {
  it('treats network failures and overload codes as transient, the rest as permanent', () => {
    expect(isTransient(connRefused())).toBe(true);
    expect(isTransient(new Error('socket hang up'))).toBe(true);
    expect(isTransient(Object.assign(new Error('Too many parts'), { code: '252' }))).toBe(true);
    expect(isTransient(new Error('wrapper', { cause: connRefused() }))).toBe(true);
    expect(isTransient(Object.assign(new Error('Syntax error'), { code: '62' }))).toBe(false);
    expect(isTransient(new Error('Cannot parse input'))).toBe(false);
  });

  it('backs off exponentially with jitter up to the cap', () => {
    expect(backoffMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(40, 100, 10_000, () => 1)).toBe(10_000);
  });
});
