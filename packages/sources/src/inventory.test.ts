import { describe, expect, it } from 'vitest';
import { TokenEvent, type InventorySnapshot } from '@tokenwatch/schema';
import { fixtureText } from './fixtures';
import { diffInventory, normaliseInventory } from './index';

const T0 = Date.UTC(2026, 2, 2, 0, 0);
const T1 = Date.UTC(2026, 2, 6, 0, 0); // after the "laptop" token's expiry (2026-03-05)
const ctx = { owner_id: 'user-luid-1', site: 'site-1' };

function snapshot(response: unknown, now: number): InventorySnapshot {
  const result = normaliseInventory(response, { ...ctx, now });
  if (!result.ok) throw new Error(`${result.field_path}: ${result.reason}`);
  return result.snapshot;
}

describe('Tableau "List Personal Access Tokens" → inventory snapshot', () => {
  it('reads tokenName, tokenGuid, lastUsedAt, expiresAt', () => {
    const taken = snapshot(JSON.parse(fixtureText('tableau-pats.json')), T0);
    expect(taken).toEqual({
      source: 'tableau_cloud',
      taken_at: T0,
      owner_id: 'user-luid-1',
      site: 'site-1',
      tokens: [
        {
          token_id: '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9',
          token_name: 'ci-export',
          last_used_at: Date.UTC(2026, 2, 1, 22, 10),
          expires_at: Date.UTC(2026, 7, 29),
        },
        { token_id: '11111111-2222-3333-4444-555555555555', token_name: 'laptop', expires_at: Date.UTC(2026, 2, 5) },
      ],
    });
    expect(snapshot({ personalAccessTokens: {} }, T0).tokens).toEqual([]);
    expect(snapshot([{ tokenGuid: 'g' }], T0).tokens).toEqual([{ token_id: 'g' }]);
  });

  it('rejects naming the field', () => {
    const bad = { personalAccessTokens: { personalAccessToken: [{ tokenName: 'x' }] } };
    expect(normaliseInventory(bad, { ...ctx, now: T0 })).toEqual({
      ok: false,
      reason: 'required field is missing or empty',
      field_path: 'personalAccessTokens.personalAccessToken.0.tokenGuid',
    });
    const badTime = [{ tokenGuid: 'g', expiresAt: 'soon' }];
    expect(normaliseInventory(badTime, { ...ctx, now: T0 })).toMatchObject({ ok: false, field_path: '0.expiresAt' });
    expect(normaliseInventory('nope', { ...ctx, now: T0 })).toMatchObject({ ok: false, field_path: '' });
  });
});

describe('diffInventory', () => {
  const before = snapshot(JSON.parse(fixtureText('tableau-pats.json')), T0);

  it('a token that vanished before its expiry was revoked; one past its expiry expired', () => {
    const after = snapshot({ personalAccessTokens: { personalAccessToken: [] } }, T1);
    const events = diffInventory(before, after, T1 + 5);
    for (const event of events) TokenEvent.parse(event);
    expect(events.map((e) => [e.kind, e.token_id, e.occurred_at])).toEqual([
      ['token.revoked', '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9', T1],
      ['token.expired', '11111111-2222-3333-4444-555555555555', Date.UTC(2026, 2, 5)],
    ]);
    expect(events[0]).toMatchObject({ owner_id: 'user-luid-1', site: 'site-1', received_at: T1 + 5 });
  });

  it('is deterministic, silent for unchanged tokens, and ignores snapshots of another owner', () => {
    const after = snapshot([{ tokenGuid: '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9' }], T1);
    const first = diffInventory(before, after, T1);
    expect(first.map((e) => e.token_id)).toEqual(['11111111-2222-3333-4444-555555555555']);
    const later = snapshot([{ tokenGuid: '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9' }], T1 + 3_600_000);
    expect(diffInventory(before, later, T1)[0]!.event_id).toBe(first[0]!.event_id);
    expect(diffInventory(before, { ...after, owner_id: 'someone-else' }, T1)).toEqual([]);
  });
});
