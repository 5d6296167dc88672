import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore } from '@tokenwatch/store';
import { makeDeadLetter, makeEvent, makeFullEvent } from './fixtures';
import type { MakeStore, StoreHarness } from './harness';

/** The behaviour every EventStore adapter promises (packages/store/src/events.ts). */
export function describeEventStoreContract(name: string, makeStore: MakeStore<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let harness: StoreHarness<EventStore>;
    let store: EventStore;
    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('returns events exactly as written, optional fields absent or filled', async () => {
      const minimal = makeEvent(1);
      const full = makeFullEvent(2);
      await store.appendEvents([full, minimal]);
      expect(await store.readEvents({})).toEqual([minimal, full]);
    });

    it('keeps one event per event_id across batches and within a batch', async () => {
      const events = Array.from({ length: 50 }, (_, i) => makeEvent(i));
      await store.appendEvents(events);
      await store.appendEvents([...events.slice(10, 30), ...events.slice(10, 30)]);
      expect(await store.countEvents({})).toBe(50);
      const read = await store.readEvents({});
      expect(read.map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
    });

    it('orders by occurred_at then event_id', async () => {
      const t = makeEvent(0).occurred_at;
      await store.appendEvents([
        makeEvent(1, { event_id: 'b', occurred_at: t }),
        makeEvent(3, { event_id: 'a', occurred_at: t }),
        makeEvent(4, { event_id: 'c', occurred_at: t - 1 }),
      ]);
      expect((await store.readEvents({})).map((e) => [e.event_id, e.occurred_at - t])).toEqual([
        ['c', -1],
        ['a', 0],
        ['b', 0],
      ]);
    });

    it('filters by time range (from inclusive, to exclusive) and token ids', async () => {
      const events = Array.from({ length: 30 }, (_, i) => makeEvent(i));
      await store.appendEvents(events);
      const from = events[5]!.occurred_at;
      const to = events[20]!.occurred_at;
      const inRange = events.slice(5, 20);
      expect((await store.readEvents({ from, to })).map((e) => e.event_id)).toEqual(inRange.map((e) => e.event_id));
      expect(await store.countEvents({ from, to })).toBe(15);
      const tok = inRange.filter((e) => e.token_id === 'tok-1' || e.token_id === 'tok-2');
      expect(await store.readEvents({ from, to, tokenIds: ['tok-1', 'tok-2'] })).toEqual(tok);
      expect(await store.countEvents({ tokenIds: ['tok-0'] })).toBe(10);
      expect(await store.readEvents({ tokenIds: [] })).toEqual([]);
      expect(await store.countEvents({ tokenIds: [] })).toBe(0);
      expect(await store.readEvents({ tokenIds: ["nobody' OR '1'='1"] })).toEqual([]);
    });

    it('pages with limit and after without gaps or repeats, ties on occurred_at included', async () => {
      const t = makeEvent(0).occurred_at;
      const events = Array.from({ length: 37 }, (_, i) => makeEvent(i, { occurred_at: t + Math.floor(i / 4) }));
      await store.appendEvents(events);
      const seen: string[] = [];
      let after: { occurred_at: number; event_id: string } | undefined;
      for (;;) {
        const page = await store.readEvents({ limit: 5, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(5);
        seen.push(...page.map((e) => e.event_id));
        const last = page[page.length - 1]!;
        after = { occurred_at: last.occurred_at, event_id: last.event_id };
      }
      expect(seen).toEqual(events.map((e) => e.event_id));
      expect(await store.countEvents({ limit: 1 })).toBe(37);
    });

    it('keeps strings byte for byte, whatever characters they hold', async () => {
      const hostile = ["'; DROP TABLE events; --", '\\', '\\\'"', 'tab\there', '\u{1F511}\u00e9\u4e2d', '%_*?'];
      const events = hostile.map((text, i) =>
        makeEvent(i, { token_id: text, event_id: `id-${text}`, user_agent: text, raw: text }),
      );
      await store.appendEvents(events);
      for (const event of events) {
        expect(await store.readEvents({ tokenIds: [event.token_id] })).toEqual([event]);
      }
    });

    it('is empty when nothing was written', async () => {
      expect(await store.readEvents({})).toEqual([]);
      expect(await store.countEvents({})).toBe(0);
      expect(await store.readDeadLetters({})).toEqual([]);
      expect(await store.countDeadLetters()).toBe(0);
      await store.appendEvents([]);
      await store.appendDeadLetters([]);
      expect(await store.countEvents({})).toBe(0);
    });

    it('keeps dead letters once each, newest first, filterable by reason', async () => {
      const letters = Array.from({ length: 9 }, (_, i) => makeDeadLetter(i));
      await store.appendDeadLetters(letters);
      await store.appendDeadLetters(letters.slice(0, 4));
      expect(await store.countDeadLetters()).toBe(9);
      expect(await store.readDeadLetters({})).toEqual([...letters].reverse());
      expect(await store.readDeadLetters({ limit: 2 })).toEqual([letters[8], letters[7]]);
      const reason = letters[1]!.reason;
      const matching = letters.filter((d) => d.reason === reason).reverse();
      expect(await store.readDeadLetters({ reason })).toEqual(matching);
      const binary = makeDeadLetter(20, {
        raw: Buffer.from([0xff, 0x00, 0x41]).toString('base64'),
        raw_encoding: 'base64',
      });
      await store.appendDeadLetters([binary]);
      expect((await store.readDeadLetters({ limit: 1 }))[0]).toEqual(binary);
    });

    it('keeps everything when the store is reopened', async () => {
      const events = [makeFullEvent(1), makeEvent(2)];
      await store.appendEvents(events);
      await store.appendDeadLetters([makeDeadLetter(1)]);
      store = await harness.reopen();
      expect(await store.readEvents({})).toEqual(events);
      expect(await store.countDeadLetters()).toBe(1);
    });
  });
}
