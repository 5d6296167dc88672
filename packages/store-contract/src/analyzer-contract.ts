import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, Suppression, Token } from '@tokenwatch/schema';
import type { AlertStore, SuppressionStore, TokenRegistry } from '@tokenwatch/store';
import type { MakeStore, StoreHarness } from './harness';

const T = Date.UTC(2026, 0, 5);

export function makeAlert(n: number, over: Partial<Alert> = {}): Alert {
  return {
    alert_id: `new_ip:${String(n).padStart(4, '0')}`,
    detector: 'new_ip',
    severity: 'medium',
    status: 'open',
    token_id: `tok-${n % 3}`,
    source: 'tableau_cloud',
    ip: '203.0.113.7',
    title: `alert ${n}`,
    explanation: `Token used from a new network (${n}).`,
    evidence: { event_ids: [`e${n}`], values: { ip: '203.0.113.7', n }, baseline: { known: ['198.51.100.0/24'] } },
    first_seen_at: T + n * 1000,
    last_seen_at: T + n * 1000,
    count: 1,
    created_at: T + n * 1000,
    updated_at: T + n * 1000,
    ...over,
  };
}

export function makeToken(n: number, over: Partial<Token> = {}): Token {
  return {
    token_id: `tok-${n}`,
    source: 'tableau_cloud',
    token_name: `extract-${n}`,
    owner_id: `user-${n % 2}`,
    status: 'active',
    scopes: [],
    first_seen_at: T,
    updated_at: T + n,
    ...over,
  };
}

function withHarness<S>(makeStore: MakeStore<S>): () => S {
  let harness: StoreHarness<S>;
  beforeEach(async () => {
    harness = await makeStore();
  });
  afterEach(async () => {
    await harness.cleanup();
  });
  return () => harness.store;
}

/** The behaviour every AlertStore adapter promises (packages/store/src/alerts.ts). */
export function describeAlertStoreContract(name: string, makeStore: MakeStore<AlertStore>): void {
  describe(`AlertStore contract: ${name}`, () => {
    const store = withHarness(makeStore);

    it('returns alerts exactly as written; the greatest updated_at wins', async () => {
      const a = makeAlert(1);
      const b = makeAlert(2, { user_agent: 'curl/8', assignee: 'bob', status: 'acknowledged' });
      await store().putAlerts([a, b]);
      expect(await store().getAlerts([b.alert_id, a.alert_id, 'nope'])).toEqual([a, b]);
      const repeated = { ...a, count: 2, last_seen_at: a.last_seen_at + 5, updated_at: a.updated_at + 5 };
      await store().putAlerts([repeated]);
      await store().putAlerts([{ ...a, count: 9, updated_at: a.updated_at + 1 }]);
      expect(await store().getAlerts([a.alert_id])).toEqual([repeated]);
      expect(await store().countAlerts({})).toBe(2);
    });

    it('lists by last_seen_at descending with filters and a cursor, on the newest version only', async () => {
      await store().putAlerts(Array.from({ length: 6 }, (_, i) => makeAlert(i)));
      await store().putAlerts([{ ...makeAlert(4), status: 'resolved', updated_at: T + 99_000 }]);
      const open = await store().listAlerts({ status: 'open' });
      expect(open.map((a) => a.alert_id)).toEqual([
        'new_ip:0005',
        'new_ip:0003',
        'new_ip:0002',
        'new_ip:0001',
        'new_ip:0000',
      ]);
      expect(await store().countAlerts({ status: 'resolved' })).toBe(1);
      const page = await store().listAlerts({ limit: 2, after: { last_seen_at: T + 3000, alert_id: 'new_ip:0003' } });
      expect(page.map((a) => a.alert_id)).toEqual(['new_ip:0002', 'new_ip:0001']);
      expect((await store().listAlerts({ token_id: 'tok-1' })).map((a) => a.alert_id)).toEqual([
        'new_ip:0004',
        'new_ip:0001',
      ]);
      expect(await store().listAlerts({ from: T + 4000, to: T + 5000 })).toHaveLength(1);
    });

    it('keeps the audit trail append-only, oldest first', async () => {
      await store().appendAudit([
        {
          alert_id: 'x',
          at: T + 2,
          actor: 'alice',
          action: 'acknowledged',
          from_status: 'open',
          to_status: 'acknowledged',
        },
        { alert_id: 'x', at: T + 1, actor: 'analyzer', action: 'created' },
        { alert_id: 'y', at: T + 1, actor: 'analyzer', action: 'created' },
      ]);
      await store().appendAudit([{ alert_id: 'x', at: T + 3, actor: 'alice', action: 'commented', note: 'VPN' }]);
      expect((await store().readAudit('x')).map((e) => e.action)).toEqual(['created', 'acknowledged', 'commented']);
      expect((await store().readAudit('x'))[1]).toEqual({
        alert_id: 'x',
        at: T + 2,
        actor: 'alice',
        action: 'acknowledged',
        from_status: 'open',
        to_status: 'acknowledged',
      });
    });
  });
}

/** The behaviour every TokenRegistry adapter promises (packages/store/src/tokens.ts). */
export function describeTokenRegistryContract(name: string, makeStore: MakeStore<TokenRegistry>): void {
  describe(`TokenRegistry contract: ${name}`, () => {
    const store = withHarness(makeStore);

    it('upserts by token_id, newest updated_at wins, reads exactly what was written', async () => {
      const full = makeToken(1, {
        scopes: ['read', 'write'],
        owner_email: 'a@example.com',
        tenant: 't',
        site: 's',
        created_at: T - 5,
        expires_at: T + 5,
        last_used_at: T + 2,
      });
      await store().upsertTokens([full, makeToken(2)]);
      expect(await store().getTokens(['tok-2', 'tok-1', 'tok-9'])).toEqual([full, makeToken(2)]);
      const revoked = { ...full, status: 'revoked' as const, revoked_at: T + 3, updated_at: T + 10 };
      await store().upsertTokens([revoked]);
      await store().upsertTokens([{ ...full, updated_at: T + 5 }]);
      expect(await store().getTokens(['tok-1'])).toEqual([revoked]);
    });

    it('lists with filters and a cursor in token_id order', async () => {
      await store().upsertTokens([1, 2, 3, 4].map((n) => makeToken(n)));
      await store().upsertTokens([makeToken(3, { status: 'revoked', updated_at: T + 100 })]);
      expect((await store().listTokens({ status: 'active' })).map((t) => t.token_id)).toEqual([
        'tok-1',
        'tok-2',
        'tok-4',
      ]);
      expect((await store().listTokens({ owner_id: 'user-0' })).map((t) => t.token_id)).toEqual(['tok-2', 'tok-4']);
      expect((await store().listTokens({ after: 'tok-2', limit: 1 })).map((t) => t.token_id)).toEqual(['tok-3']);
    });
  });
}

/** The behaviour every SuppressionStore adapter promises (packages/store/src/suppressions.ts). */
export function describeSuppressionStoreContract(name: string, makeStore: MakeStore<SuppressionStore>): void {
  describe(`SuppressionStore contract: ${name}`, () => {
    const store = withHarness(makeStore);
    const s = (id: string, over: Partial<Suppression> = {}): Suppression => ({
      suppression_id: id,
      reason: 'office VPN',
      author: 'alice',
      created_at: T,
      ...over,
    });

    it('puts, replaces, lists active ones, deletes', async () => {
      await store().putSuppression(s('a', { cidr: '203.0.113.0/24', expires_at: T + 1000 }));
      await store().putSuppression(
        s('b', { token_id: 'tok-1', detector: 'new_ip', user_agent: 'curl', created_at: T + 1 }),
      );
      expect(await store().getSuppression('a')).toEqual(s('a', { cidr: '203.0.113.0/24', expires_at: T + 1000 }));
      expect((await store().listSuppressions({})).map((x) => x.suppression_id)).toEqual(['a', 'b']);
      expect((await store().listSuppressions({ activeAt: T + 1000 })).map((x) => x.suppression_id)).toEqual(['b']);
      await store().putSuppression(s('a', { cidr: '198.51.100.0/24' }));
      expect((await store().getSuppression('a'))?.cidr).toBe('198.51.100.0/24');
      await store().deleteSuppression('a');
      expect(await store().getSuppression('a')).toBeUndefined();
      expect((await store().listSuppressions({})).map((x) => x.suppression_id)).toEqual(['b']);
    });
  });
}
