import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore, IpFailureReader } from '@tokenwatch/store';
import { makeEvent } from './fixtures';
import type { MakeStore, StoreHarness } from './harness';

/** The behaviour every IpFailureReader promises (packages/store/src/events.ts). */
export function describeIpFailureContract(name: string, makeStore: MakeStore<EventStore & IpFailureReader>): void {
  describe(`IpFailureReader contract: ${name}`, () => {
    let harness: StoreHarness<EventStore & IpFailureReader>;
    let store: EventStore & IpFailureReader;
    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('returns the failures of the IPs that fail often enough on enough tokens, each event once', async () => {
      const fail = (
        n: number,
        ip: string,
        token_id: string,
        kind: 'token.auth_failed' | 'token.used' = 'token.auth_failed',
      ) => makeEvent(n, { ip, token_id, kind, outcome: 'failure' });
      const sprayer = [0, 1, 2, 3, 4, 5].map((n) =>
        fail(n, '203.0.113.9', `tok-${n % 3}`, n === 5 ? 'token.used' : 'token.auth_failed'),
      );
      const oneToken = [6, 7, 8, 9, 10, 11].map((n) => fail(n, '198.51.100.1', 'tok-1'));
      const fewFailures = [12, 13].map((n) => fail(n, '192.0.2.5', `tok-${n}`));
      const successes = [14, 15, 16].map((n) =>
        makeEvent(n, { ip: '192.0.2.77', token_id: `tok-${n}`, outcome: 'success' }),
      );
      const noIp = [17, 18, 19].map((n) =>
        makeEvent(n, { token_id: `tok-${n}`, kind: 'token.auth_failed', outcome: 'failure' }),
      );
      await store.appendEvents([...sprayer, ...oneToken, ...fewFailures, ...successes, ...noIp]);
      await store.appendEvents(sprayer.slice(0, 3));
      const from = makeEvent(0).occurred_at;
      const to = makeEvent(100).occurred_at;
      const rows = await store.readIpFailures({ from, to, minFailures: 3, minTokens: 2 });
      expect(rows).toEqual(
        sprayer.map((e) => ({
          ip: '203.0.113.9',
          token_id: e.token_id,
          occurred_at: e.occurred_at,
          event_id: e.event_id,
        })),
      );
      // The time range bounds both the rows and the counting.
      const late = await store.readIpFailures({
        from: sprayer[4]!.occurred_at,
        to: oneToken[0]!.occurred_at,
        minFailures: 2,
        minTokens: 2,
      });
      expect(late.map((r) => r.event_id)).toEqual([sprayer[4]!.event_id, sprayer[5]!.event_id]);
      expect(await store.readIpFailures({ from, to, minFailures: 7, minTokens: 1 })).toEqual([]);
      expect((await store.readIpFailures({ from, to, minFailures: 6, minTokens: 1 })).map((r) => r.ip)).toEqual([
        ...Array<string>(6).fill('198.51.100.1'),
        ...Array<string>(6).fill('203.0.113.9'),
      ]);
    });
  });
}
