import { describe, expect, it } from 'vitest';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { sql } from '@tokenwatch/clickhouse';
import { withTestDatabase } from '@tokenwatch/testkit';
import { createClickHouseEventStore } from './index';

const base = Date.UTC(2026, 10, 1, 12, 0, 0);

function event(i: number, overrides: Partial<TokenEvent> = {}): TokenEvent {
  return {
    schema_version: 1,
    event_id: `e-${i}`,
    source: 'tableau_cloud',
    source_event_type: 'login_authentication',
    kind: 'token.used',
    occurred_at: base + i * 1000 + 123,
    received_at: base + i * 1000 + 500,
    token_id: `tok-${i % 3}`,
    outcome: 'success',
    raw: JSON.stringify({ i }),
    ...overrides,
  };
}

describe('ClickHouse EventStore', () => {
  it('round-trips every field with millisecond times', async () => {
    await withTestDatabase(async (db) => {
      const store = createClickHouseEventStore(db);
      const full = event(1, {
        token_name: "ci 'nightly'",
        owner_id: 'u1',
        owner_email: 'a@example.com',
        tenant: 't',
        site: 's',
        ip: '2001:db8::1',
        invoked_by: 'iam.amazonaws.com',
        asn: 64500,
        country: 'NL',
        user_agent: 'curl/8',
        request: { method: 'POST', path: '/api/3.22/auth/signin' },
        outcome: 'failure',
        outcome_reason: 'unauthorized',
        scopes: ['read', 'write'],
        expires_at: base + 86_400_000,
      });
      await store.appendEvents([full, event(2)]);
      expect(await store.readEvents({})).toEqual([full, event(2)]);
      // The DateTime column (partition and sort key, rollup buckets) is the same second as occurred_at.
      const times = await db.query<{ t: string; ms: string }>(
        sql`SELECT toString(occurred_at) AS t, toString(occurred_at_ms) AS ms FROM events ORDER BY occurred_at_ms`,
      );
      expect(times).toEqual([
        { t: '2026-11-01 12:00:01', ms: String(base + 1123) },
        { t: '2026-11-01 12:00:02', ms: String(base + 2123) },
      ]);
    });
  });

  it('counts and reads each event_id once after a redelivered batch', async () => {
    await withTestDatabase(async (db) => {
      const store = createClickHouseEventStore(db);
      const batch = Array.from({ length: 50 }, (_, i) => event(i));
      await store.appendEvents(batch);
      await store.appendEvents(batch.slice(10, 30)); // redelivery
      expect(await store.countEvents({})).toBe(50);
      expect(await store.readEvents({ limit: 1000 })).toHaveLength(50);
      expect(await store.countEvents({ tokenIds: ['tok-0'] })).toBe(17);
      expect(await store.countEvents({ from: base + 10_000, to: base + 20_000 })).toBe(10);
    });
  });

  it('pages with a cursor in (occurred_at, event_id) order', async () => {
    await withTestDatabase(async (db) => {
      const store = createClickHouseEventStore(db);
      await store.appendEvents(Array.from({ length: 25 }, (_, i) => event(i)));
      const seen: string[] = [];
      let after: { occurred_at: number; event_id: string } | undefined;
      for (;;) {
        const page = await store.readEvents({ limit: 10, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.event_id));
        const last = page[page.length - 1]!;
        after = { occurred_at: last.occurred_at, event_id: last.event_id };
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `e-${i}`));
    });
  });

  it('keeps dead letters with their bytes and reason, once per id', async () => {
    await withTestDatabase(async (db) => {
      const store = createClickHouseEventStore(db);
      const dl: DeadLetter = {
        dead_letter_id: 'kafka:auth-events/0@7',
        received_at: base,
        origin: 'kafka:auth-events/0@7',
        source: 'unknown',
        reason: 'not JSON: Unexpected token',
        field_path: '',
        raw: '{"broken',
        raw_encoding: 'utf8',
      };
      await store.appendDeadLetters([dl]);
      await store.appendDeadLetters([dl]);
      expect(await store.countDeadLetters()).toBe(1);
      expect(await store.readDeadLetters({})).toEqual([dl]);
    });
  });
});
