import { describe, expect, it } from 'vitest';
import type { Token, TokenEvent } from '@tokenwatch/schema';
import { applyEventToToken, batchScopeOf, expandBatchRevocation, removedOwnerOf } from './index';

const T = Date.UTC(2026, 2, 2);
const ev = (over: Partial<TokenEvent>): TokenEvent => ({
  schema_version: 1,
  event_id: 'e-1',
  source: 'tableau_cloud',
  source_event_type: 'batch_revoke_personal_access_token',
  kind: 'token.revoked',
  occurred_at: T,
  received_at: T,
  token_id: 'tnt-42/u1/*',
  outcome: 'success',
  raw: '{}',
  ...over,
});
const tok = (token_id: string, over: Partial<Token> = {}): Token => ({
  token_id,
  source: 'tableau_cloud',
  status: 'active',
  scopes: [],
  first_seen_at: T - 1000,
  updated_at: T - 1000,
  tenant: 'tnt-42',
  owner_id: 'u1',
  ...over,
});

describe('Tableau batch revocations in the registry', () => {
  const known = [
    tok('pat-a'),
    tok('pat-b', { tenant: undefined, site: 'site-1' }),
    tok('pat-other-user', { owner_id: 'u2' }),
    tok('pat-other-tenant', { tenant: 'tnt-7' }),
    tok('pat-github', { source: 'github' }),
    tok('pat-revoked-before', { revoked_at: T - 10 }),
    tok('pat-no-place', { tenant: undefined }),
  ];

  it('<tenant>/<user>/* revokes every known token of that user on that tenant, with deterministic ids', () => {
    const batch = ev({ owner_id: 'u1', tenant: 'tnt-42' });
    expect(batchScopeOf(batch)).toEqual({ scope: 'owner', source: 'tableau_cloud', prefix: 'tnt-42', owner_id: 'u1' });
    const derived = expandBatchRevocation(batch, known);
    expect(derived.map((e) => e.token_id)).toEqual(['pat-a', 'pat-no-place']);
    expect(derived[0]).toMatchObject({ kind: 'token.revoked', occurred_at: T, owner_id: 'u1' });
    expect(derived[0]!.event_id).toMatch(/^batch:[0-9a-f]{32}$/);
    expect(expandBatchRevocation(batch, known).map((e) => e.event_id)).toEqual(derived.map((e) => e.event_id));
    // Folded into the registry, the tokens are revoked at the batch time.
    expect(applyEventToToken(known[0], derived[0]!, T + 1)).toMatchObject({ status: 'revoked', revoked_at: T });
  });

  it('<tenant>/* revokes every known token of the tenant, whoever owns it', () => {
    const derived = expandBatchRevocation(ev({ token_id: 'tnt-42/*' }), known);
    expect(derived.map((e) => e.token_id).sort()).toEqual(['pat-a', 'pat-other-user']);
  });

  it('ignores ordinary events and keeps the batch row as the record of an owner removal', () => {
    expect(expandBatchRevocation(ev({ token_id: 'pat-a' }), known)).toEqual([]);
    expect(expandBatchRevocation(ev({ kind: 'session.revoked' }), known)).toEqual([]);
    const row = applyEventToToken(undefined, ev({ owner_id: 'u1' }), T);
    expect(removedOwnerOf(row)).toEqual({ owner_id: 'u1', removed_at: T });
    expect(removedOwnerOf(applyEventToToken(undefined, ev({ token_id: 'tnt-42/*' }), T))).toBeUndefined();
    expect(removedOwnerOf(known[0]!)).toBeUndefined();
  });
});
