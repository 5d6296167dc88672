import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, ApiKeyStore } from '@tokenwatch/store';
import type { MakeStore, StoreHarness } from './harness';

const T = Date.UTC(2026, 3, 1);

export function makeApiKey(n: number, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    key_id: `k${String(n).padStart(4, '0')}`,
    name: `key "${n}" for O'Brien`,
    scopes: n % 2 === 0 ? ['read'] : ['triage', 'ingest'],
    secret_sha256: String(n).repeat(64).slice(0, 64),
    created_at: T + n * 1000,
    created_by: `admin-${n}`,
    ...over,
  };
}

/** The behaviour every ApiKeyStore adapter promises (packages/store/src/api-keys.ts). */
export function describeApiKeyStoreContract(name: string, makeStore: MakeStore<ApiKeyStore>): void {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let harness: StoreHarness<ApiKeyStore>;
    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(() => harness.cleanup());

    it('returns keys exactly as written, lists them newest first, and answers ping', async () => {
      const keys = [makeApiKey(1), makeApiKey(3), makeApiKey(2)];
      for (const key of keys) await harness.store.put(key);
      expect(await harness.store.get('k0003')).toEqual(keys[1]);
      expect(await harness.store.get('k9999')).toBeUndefined();
      expect((await harness.store.list()).map((k) => k.key_id)).toEqual(['k0003', 'k0002', 'k0001']);
      expect(await harness.store.ping()).toBe(true);
    });

    it('lets the latest write of a key win, so a revocation is seen by the next lookup', async () => {
      const key = makeApiKey(1);
      await harness.store.put(key);
      expect(await harness.store.get(key.key_id)).toEqual(key);
      const revoked = { ...key, revoked_at: T + 60_000, revoked_by: 'security-lead' };
      await harness.store.put(revoked);
      expect(await harness.store.get(key.key_id)).toEqual(revoked);
      expect(await harness.store.list()).toEqual([revoked]);
    });

    it('keeps keys, revoked ones too, when reopened', async () => {
      const live = makeApiKey(4);
      const revoked = makeApiKey(5, { revoked_at: T + 9000, revoked_by: 'x' });
      await harness.store.put(live);
      await harness.store.put(revoked);
      const reopened = await harness.reopen();
      expect(await reopened.list()).toEqual([revoked, live]);
    });
  });
}
