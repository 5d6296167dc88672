import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isTokenEvent } from './token-event-check';
import { EVENT_KINDS, OUTCOMES, SOURCES, TokenEvent } from './token-event';

const epochMs = fc.integer({ min: 631152000000, max: 7258118400000 });
const text = (max: number) => fc.string({ maxLength: max });
const valid = fc.record(
  {
    schema_version: fc.constant(1 as const),
    event_id: fc.string({ minLength: 1, maxLength: 200 }),
    source: fc.constantFrom(...SOURCES),
    source_event_type: text(256),
    kind: fc.constantFrom(...EVENT_KINDS),
    occurred_at: epochMs,
    received_at: epochMs,
    token_id: fc.string({ minLength: 1, maxLength: 512 }),
    token_name: text(512),
    owner_id: text(512),
    owner_email: text(512),
    tenant: text(512),
    site: text(512),
    ip: fc.oneof(fc.ipV4(), fc.ipV6()),
    invoked_by: text(256),
    asn: fc.integer({ min: 0, max: 4294967295 }),
    country: fc.string({ minLength: 2, maxLength: 2 }),
    user_agent: text(2048),
    request: fc.record({ method: text(16), path: text(4096) }, { requiredKeys: [], noNullPrototype: true }),
    outcome: fc.constantFrom(...OUTCOMES),
    outcome_reason: text(2048),
    scopes: fc.array(text(256), { maxLength: 20 }),
    expires_at: epochMs,
    raw: fc.string(),
  },
  {
    requiredKeys: [
      'schema_version',
      'event_id',
      'source',
      'source_event_type',
      'kind',
      'occurred_at',
      'received_at',
      'token_id',
      'outcome',
      'raw',
    ],
    noNullPrototype: true,
  },
);

/** Values that break one constraint or another: wrong types, edge lengths, out-of-range numbers. */
const wrong = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    'x'.repeat(3),
    'x'.repeat(17),
    'x'.repeat(201),
    'x'.repeat(257),
    'x'.repeat(513),
    'x'.repeat(2049),
    'x'.repeat(4097),
    '999.1.1.1',
    '::1',
    0,
    -1,
    1.5,
    NaN,
    Infinity,
    2 ** 53,
    631151999999,
    7258118400001,
    4294967296,
    [],
    {},
    { method: 'GET', extra: 1 },
    Array.from({ length: 257 }, () => 'a'),
    ['x'.repeat(257)],
    true,
  ),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
);
const KEYS = [...Object.keys(TokenEvent.shape), 'unknown_key', '__proto__'];

describe('isTokenEvent (the hot-path check of the TokenEvent schema)', () => {
  it('accepts what the zod schema accepts, so valid events take the fast path', () => {
    fc.assert(
      fc.property(valid, (event) => {
        expect(TokenEvent.safeParse(event).success).toBe(true);
        expect(isTokenEvent(event)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts what the zod schema rejects', () => {
    const mutated = fc.tuple(
      valid,
      fc.array(fc.tuple(fc.constantFrom(...KEYS), wrong), { minLength: 1, maxLength: 3 }),
    );
    fc.assert(
      fc.property(mutated, ([event, changes]) => {
        const changed: Record<string, unknown> = { ...event };
        for (const [key, value] of changes) {
          if (key === '__proto__')
            Object.defineProperty(changed, key, { value, enumerable: true, configurable: true, writable: true });
          else changed[key] = value;
        }
        if (isTokenEvent(changed)) expect(TokenEvent.safeParse(changed).success).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rejects non-objects and objects with a foreign prototype', () => {
    for (const value of [null, undefined, 1, 'x', [], Object.create({ schema_version: 1 })])
      expect(isTokenEvent(value)).toBe(false);
  });
});
