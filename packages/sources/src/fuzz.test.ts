import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SOURCES, TokenEvent, type Source } from '@tokenwatch/schema';
import { fixtureLines, fixtureText } from './fixtures';
import { normaliseRecord, type NormaliseResult } from './index';

const NOW = Date.UTC(2026, 2, 2, 18);
const RUNS_PER_SOURCE = 10_000;
const SERVER_PATH = '/var/opt/tableau/logs/vizportal_0-cepp-canonical-events_0.log';

const cloudTrail = (JSON.parse(fixtureText('cloudtrail.json')) as { Records: unknown[] }).Records;
const SEEDS: Record<Source, { records: unknown[]; filePath?: string }> = {
  tableau_cloud: { records: fixtureLines('tableau-cloud.jsonl') },
  tableau_server: { records: fixtureLines('tableau-server.jsonl'), filePath: SERVER_PATH },
  github: { records: fixtureLines('github.jsonl') },
  aws_cloudtrail: { records: [...cloudTrail, { Records: cloudTrail.slice(0, 3) }] },
  databricks: { records: fixtureLines('databricks.jsonl') },
  generic: { records: fixtureLines('canonical.jsonl') },
};

/** Values a hostile or broken writer could put anywhere in a record. */
const nasty = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    '0',
    'NaN',
    '1772449200',
    '2026-13-45T99:99:99Z',
    '2026-03-02T10:00:00Z',
    '::1',
    '999.1.1.1',
    'iam.amazonaws.com',
    '__proto__',
    'x'.repeat(20_000),
    [],
    {},
    true,
    -1,
    1e308,
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

type Step = { walk: number[]; action: 'delete' | 'set' | 'add' | 'wrap'; key: string; value: unknown };
const step: fc.Arbitrary<Step> = fc.record({
  walk: fc.array(fc.nat(), { maxLength: 4 }),
  action: fc.constantFrom('delete', 'set', 'set', 'add', 'wrap'),
  key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'event', 'Records', 'v')),
  value: nasty,
});

/** Walks into the record along `walk` (each number picks a key), then deletes, replaces or adds a field. */
function mutate(record: unknown, steps: Step[]): unknown {
  let root = structuredClone(record);
  for (const s of steps) {
    if (s.action === 'wrap') {
      root = s.walk.length % 2 === 0 ? { event: root } : [root];
      continue;
    }
    let parent: unknown = root;
    for (const choice of s.walk) {
      if (parent === null || typeof parent !== 'object') break;
      const keys = Object.keys(parent);
      if (keys.length === 0) break;
      const child = (parent as Record<string, unknown>)[keys[choice % keys.length]!];
      if (child === null || typeof child !== 'object') break;
      parent = child;
    }
    if (parent === null || typeof parent !== 'object') {
      root = structuredClone(s.value);
      continue;
    }
    const target = parent as Record<string, unknown>;
    const keys = Object.keys(target);
    const existing = keys.length > 0 ? keys[s.walk.length % keys.length]! : s.key;
    if (s.action === 'delete') delete target[existing];
    else
      Object.defineProperty(target, s.action === 'add' ? s.key : existing, {
        value: structuredClone(s.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return root;
}

/** Plain checks rather than expect(): this runs 60,000 times. */
function checkResult(result: NormaliseResult, record: unknown): void {
  const fail = (why: string) => {
    throw new Error(`${why}: ${JSON.stringify(result).slice(0, 500)}`);
  };
  if (result.ok) {
    for (const event of result.events) if (!TokenEvent.safeParse(event).success) fail('invalid event');
    return;
  }
  if (typeof result.reason !== 'string' || result.reason.length === 0) fail('reject without a reason');
  if (typeof result.field_path !== 'string') fail('reject without a field path');
  // "" is allowed only when the whole record is at fault: not an object, or not recognisable at all.
  const wholeRecord =
    result.source === 'unknown' || record === null || typeof record !== 'object' || Array.isArray(record);
  if (!wholeRecord && result.field_path === '') fail('reject of an object record names no field');
}

describe('fuzz: mutated records never throw, and every reject names field and reason', () => {
  for (const source of SOURCES) {
    it(`${source}: ${RUNS_PER_SOURCE} mutated records`, () => {
      const { records, filePath } = SEEDS[source];
      let outcomes = { ok: 0, rejected: 0 };
      fc.assert(
        fc.property(fc.nat(), fc.array(step, { minLength: 1, maxLength: 4 }), fc.boolean(), (seed, steps, force) => {
          // JSON round trip: what really arrives is parsed JSON.
          const record = JSON.parse(JSON.stringify(mutate(records[seed % records.length], steps)) ?? 'null') as unknown;
          const result = normaliseRecord(record, { now: NOW, filePath, ...(force ? { source } : {}) });
          checkResult(result, record);
          if (result.ok) outcomes.ok++;
          else outcomes.rejected++;
        }),
        { numRuns: RUNS_PER_SOURCE, seed: 20260302 ^ source.length },
      );
      // Both paths must really be exercised, or the test proves nothing.
      expect(outcomes.ok).toBeGreaterThan(RUNS_PER_SOURCE / 20);
      expect(outcomes.rejected).toBeGreaterThan(RUNS_PER_SOURCE / 20);
      outcomes = { ok: 0, rejected: 0 };
    }, 60_000);
  }

  it('any JavaScript value whatsoever (bigints, null prototypes, cycles, throwing getters) yields a result', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true, withSparseArray: true }),
        fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
        (value, source) => {
          const result = normaliseRecord(value, { now: NOW, ...(source ? { source } : {}) });
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 5_000, seed: 7 },
    );
    const cyclic: Record<string, unknown> = { kind: 'token.used', token_id: 't', occurred_at: NOW };
    cyclic.self = cyclic;
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    for (const value of [cyclic, hostile, { eventType: 'login', eventTime: 10n }])
      for (const source of [undefined, ...SOURCES]) {
        const result = normaliseRecord(value, { now: NOW, ...(source ? { source } : {}) });
        expect(result.ok).toBe(false);
      }
  });
});
