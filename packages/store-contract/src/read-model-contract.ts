import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import type { AlertStore, EventStore, ReadModel, TokenRegistry } from '@tokenwatch/store';
import { makeAlert, makeToken } from './analyzer-contract';
import { makeEvent } from './fixtures';
import type { MakeStore, StoreHarness } from './harness';

/** The read model with the write ports that feed it (in a deployment: ingest, the analyzer, triage). */
export interface ReadModelFixture {
  readModel: ReadModel;
  events: EventStore;
  tokens: TokenRegistry;
  alerts: AlertStore;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const D0 = Date.UTC(2026, 2, 2);
const NOW = D0 + 3 * DAY;

/**
 * Two days of traffic: tok-a from two networks (busiest), tok-b from one IP with failures, tok-c without an IP.
 * Every event is written twice (a redelivered batch), so every count below also checks "each event_id once".
 */
function seedEvents(): TokenEvent[] {
  const out: TokenEvent[] = [];
  let n = 0;
  const add = (token_id: string, at: number, over: Partial<TokenEvent> = {}) =>
    out.push(makeEvent(++n, { token_id, occurred_at: at, received_at: at + 100, ...over }));
  for (let i = 0; i < 4; i++) add('tok-a', D0 + 9 * HOUR + i * 60_000, { ip: '198.51.100.7', user_agent: 'tab/1' });
  add('tok-a', D0 + DAY + 10 * HOUR, { ip: '203.0.113.9', user_agent: 'curl/8' });
  add('tok-a', D0 + DAY + 11 * HOUR, {
    ip: '203.0.113.9',
    kind: 'token.auth_failed',
    outcome: 'failure',
    outcome_reason: 'wrong secret',
  });
  add('tok-b', D0 + 8 * HOUR, { ip: '198.51.100.7' });
  for (let i = 0; i < 2; i++) {
    add('tok-b', D0 + DAY + 8 * HOUR + i * 1000, {
      ip: '198.51.100.7',
      kind: 'token.auth_failed',
      outcome: 'failure',
      outcome_reason: 'expired',
    });
  }
  add('tok-c', D0 + 12 * HOUR);
  return out;
}

const TOKENS = [
  makeToken(0, { token_id: 'tok-a', owner_id: 'u1', expires_at: NOW + 5 * DAY, last_used_at: D0 + DAY + 10 * HOUR }),
  makeToken(0, {
    token_id: 'tok-b',
    owner_id: 'u2',
    owner_email: 'b@example.com',
    source: 'github',
    status: 'revoked',
    revoked_at: D0 + DAY,
    last_used_at: D0 + 8 * HOUR,
  }),
  makeToken(0, { token_id: 'tok-c', owner_id: 'u1', expires_at: NOW + 60 * DAY, last_used_at: D0 + 12 * HOUR }),
  makeToken(0, { token_id: 'tok-d', owner_id: 'u3', expires_at: NOW - DAY }),
];

const ALERTS = [
  makeAlert(1, { token_id: 'tok-a', severity: 'medium', status: 'open', last_seen_at: D0 + HOUR }),
  makeAlert(2, {
    token_id: 'tok-b',
    severity: 'critical',
    detector: 'use_after_revocation',
    alert_id: 'use_after_revocation:0002',
    status: 'acknowledged',
    last_seen_at: D0 + 2 * HOUR,
  }),
  makeAlert(3, {
    token_id: 'tok-a',
    severity: 'high',
    detector: 'auth_failure_burst',
    alert_id: 'auth_failure_burst:0003',
    status: 'resolved',
    last_seen_at: D0 + 3 * HOUR,
  }),
  makeAlert(4, { token_id: 'tok-c', severity: 'medium', status: 'open', last_seen_at: D0 + 4 * HOUR }),
  makeAlert(5, { token_id: 'tok-a', severity: 'low', status: 'false_positive', last_seen_at: D0 + 4 * HOUR }),
];

/**
 * The behaviour every ReadModel adapter promises (packages/store/src/read-model.ts), on one seeded dataset:
 * the queries are read-only, so the suite seeds once.
 */
export function describeReadModelContract(name: string, makeStore: MakeStore<ReadModelFixture>): void {
  describe(`ReadModel contract: ${name}`, () => {
    let harness: StoreHarness<ReadModelFixture>;
    let read: ReadModel;
    beforeAll(async () => {
      harness = await makeStore();
      const events = seedEvents();
      await harness.store.events.appendEvents(events);
      await harness.store.events.appendEvents(events);
      await harness.store.tokens.upsertTokens(TOKENS);
      await harness.store.alerts.putAlerts(ALERTS);
      read = harness.store.readModel;
    });
    afterAll(() => harness?.cleanup());

    it('answers ping', async () => {
      expect(await read.ping()).toBe(true);
    });

    it('lists tokens by token_id with filters, and pages without gaps or overlaps', async () => {
      const ids = async (q: Partial<Parameters<ReadModel['listTokens']>[0]>) =>
        (await read.listTokens({ now: NOW, limit: 100, ...q })).items.map((t) => t.token_id);
      expect(await ids({})).toEqual(['tok-a', 'tok-b', 'tok-c', 'tok-d']);
      expect(await ids({ status: 'revoked' })).toEqual(['tok-b']);
      expect(await ids({ source: 'github' })).toEqual(['tok-b']);
      expect(await ids({ owner: 'u1' })).toEqual(['tok-a', 'tok-c']);
      expect(await ids({ owner: 'b@example.com' })).toEqual(['tok-b']);
      // Last used at or before NOW - 2.5 days (tok-c exactly on the boundary), and never-used tokens.
      expect(await ids({ staleForMs: 2.5 * DAY })).toEqual(['tok-b', 'tok-c', 'tok-d']);
      // Expiry in [NOW, NOW + 30 days): not tok-d (already expired), not tok-c (later).
      expect(await ids({ expiringWithinMs: 30 * DAY })).toEqual(['tok-a']);
      const first = await read.listTokens({ now: NOW, limit: 3 });
      expect(first.items.map((t) => t.token_id)).toEqual(['tok-a', 'tok-b', 'tok-c']);
      expect(first.next).toEqual({ token_id: 'tok-c' });
      const second = await read.listTokens({ now: NOW, limit: 3, after: first.next! });
      expect(second.items.map((t) => t.token_id)).toEqual(['tok-d']);
      expect(second.next).toBeUndefined();
    });

    it('returns one token as written, or undefined', async () => {
      expect(await read.getToken('tok-b')).toEqual(TOKENS[1]);
      expect(await read.getToken('tok-zz')).toBeUndefined();
    });

    it("returns a token's timeline newest first, each event once, without raw, bounded and paged", async () => {
      const all = await read.tokenTimeline('tok-a', { limit: 100 });
      const expected = seedEvents()
        .filter((e) => e.token_id === 'tok-a')
        .sort((a, b) => b.occurred_at - a.occurred_at);
      expect(all.items.map((e) => e.event_id)).toEqual(expected.map((e) => e.event_id));
      expect(all.items.every((e) => !('raw' in e))).toBe(true);
      expect(all.next).toBeUndefined();
      const { raw: _raw, ...newest } = expected[0]!;
      expect(all.items[0]).toEqual(newest);
      const dayTwo = await read.tokenTimeline('tok-a', { from: D0 + DAY, to: D0 + 2 * DAY, limit: 100 });
      expect(dayTwo.items.map((e) => e.event_id)).toEqual(expected.slice(0, 2).map((e) => e.event_id));
      const paged: string[] = [];
      let page = await read.tokenTimeline('tok-a', { limit: 4 });
      paged.push(...page.items.map((e) => e.event_id));
      expect(page.next).toBeDefined();
      page = await read.tokenTimeline('tok-a', { limit: 4, after: page.next! });
      paged.push(...page.items.map((e) => e.event_id));
      expect(page.next).toBeUndefined();
      expect(paged).toEqual(expected.map((e) => e.event_id));
    });

    it("splits a token's usage per bucket by a dimension, busiest keys first", async () => {
      const series = await read.tokenUsage('tok-a', {
        by: 'ip',
        interval: 'day',
        from: D0,
        to: D0 + 2 * DAY,
        limit: 10,
      });
      expect(series).toEqual([
        { key: '198.51.100.7', events: 4, failures: 0, points: [{ start: D0, events: 4, failures: 0 }] },
        { key: '203.0.113.9', events: 2, failures: 1, points: [{ start: D0 + DAY, events: 2, failures: 1 }] },
      ]);
      const hourly = await read.tokenUsage('tok-a', {
        by: 'user_agent',
        interval: 'hour',
        from: D0,
        to: D0 + 2 * DAY,
        limit: 1,
      });
      expect(hourly).toEqual([
        { key: 'tab/1', events: 4, failures: 0, points: [{ start: D0 + 9 * HOUR, events: 4, failures: 0 }] },
      ]);
    });

    it('lists alerts by last_seen_at then alert_id, newest first, with filters and cursors', async () => {
      const ids = async (q: Partial<Parameters<ReadModel['listAlerts']>[0]>) =>
        (await read.listAlerts({ limit: 100, ...q })).items.map((a) => a.alert_id);
      expect(await ids({})).toEqual([
        'new_ip:0005',
        'new_ip:0004',
        'auth_failure_burst:0003',
        'use_after_revocation:0002',
        'new_ip:0001',
      ]);
      expect(await ids({ status: ['open', 'acknowledged'] })).toEqual([
        'new_ip:0004',
        'use_after_revocation:0002',
        'new_ip:0001',
      ]);
      expect(await ids({ severity: ['critical', 'high'] })).toEqual([
        'auth_failure_burst:0003',
        'use_after_revocation:0002',
      ]);
      expect(await ids({ detector: ['new_ip'], tokenId: 'tok-a' })).toEqual(['new_ip:0005', 'new_ip:0001']);
      expect(await ids({ from: D0 + 2 * HOUR, to: D0 + 3 * HOUR + 1 })).toEqual([
        'auth_failure_burst:0003',
        'use_after_revocation:0002',
      ]);
      const first = await read.listAlerts({ limit: 2 });
      expect(first.items.map((a) => a.alert_id)).toEqual(['new_ip:0005', 'new_ip:0004']);
      const rest = await read.listAlerts({ limit: 10, after: first.next! });
      expect(rest.items.map((a) => a.alert_id)).toEqual([
        'auth_failure_burst:0003',
        'use_after_revocation:0002',
        'new_ip:0001',
      ]);
      expect(rest.next).toBeUndefined();
      expect((await read.listAlerts({ limit: 10, tokenId: 'tok-b' })).items).toEqual([ALERTS[1]]);
    });

    it('builds the usage report with each event counted once', async () => {
      const report = await read.usageReport({ from: D0, to: D0 + 2 * DAY, limit: 10 });
      expect(report).toEqual({
        from: D0,
        to: D0 + 2 * DAY,
        events: 10,
        top_tokens: [
          { token_id: 'tok-a', events: 6, failures: 1, distinct_ips: 2 },
          { token_id: 'tok-b', events: 3, failures: 2, distinct_ips: 1 },
          { token_id: 'tok-c', events: 1, failures: 0, distinct_ips: 0 },
        ],
        top_ips: [
          { ip: '198.51.100.7', events: 7, failures: 2, tokens: 2 },
          { ip: '203.0.113.9', events: 2, failures: 1, tokens: 1 },
        ],
        failures: {
          total: 3,
          by_reason: [
            { reason: 'expired', events: 2 },
            { reason: 'wrong secret', events: 1 },
          ],
          per_day: [{ day: D0 + DAY, events: 3 }],
        },
        // (tok-a, 198.51.100.0/24) and (tok-b, 198.51.100.0/24) on day one, (tok-a, 203.0.113.0/24) on day two.
        new_networks_per_day: [
          { day: D0, networks: 2 },
          { day: D0 + DAY, networks: 1 },
        ],
      });
      const dayTwo = await read.usageReport({ from: D0 + DAY, to: D0 + 2 * DAY, limit: 1 });
      expect(dayTwo.events).toBe(4);
      expect(dayTwo.top_tokens).toEqual([{ token_id: 'tok-a', events: 2, failures: 1, distinct_ips: 1 }]);
      expect(dayTwo.new_networks_per_day).toEqual([{ day: D0 + DAY, networks: 1 }]);
    });
  });
}
