import { describe, expect, it } from 'vitest';
import type { Token, TokenEvent } from '@tokenwatch/schema';
import { applyEventToToken, applyInventorySnapshot, statusAt } from './index';

const T = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;
const ev = (over: Partial<TokenEvent>): TokenEvent => ({
  schema_version: 1,
  event_id: `e-${Math.random()}`,
  source: 'tableau_cloud',
  source_event_type: 'x',
  kind: 'token.used',
  occurred_at: T,
  received_at: T,
  token_id: 'tok-1',
  outcome: 'success',
  raw: '{}',
  ...over,
});

describe('token registry from events', () => {
  it('follows created → used → revoked, order-insensitive for times', () => {
    const events = [
      ev({ kind: 'token.created', occurred_at: T, expires_at: T + 180 * DAY, token_name: 'extract', owner_id: 'u1' }),
      ev({ occurred_at: T + 2 * DAY }),
      ev({ occurred_at: T + 1 * DAY }),
      ev({ occurred_at: T + 3 * DAY, outcome: 'failure' }),
      ev({ kind: 'token.revoked', occurred_at: T + 4 * DAY }),
    ];
    let token: Token | undefined;
    for (const e of events) token = applyEventToToken(token, e, T + 5 * DAY);
    expect(token).toMatchObject({
      token_name: 'extract',
      owner_id: 'u1',
      created_at: T,
      expires_at: T + 180 * DAY,
      last_used_at: T + 2 * DAY,
      revoked_at: T + 4 * DAY,
      first_seen_at: T,
      status: 'revoked',
    });
    let reversed: Token | undefined;
    for (const e of [...events].reverse()) reversed = applyEventToToken(reversed, e, T + 5 * DAY);
    expect({ ...reversed, updated_at: 0 }).toEqual({ ...token, updated_at: 0 });
  });

  it('status: expired after expires_at, revoked wins over expired', () => {
    expect(statusAt({ expires_at: T }, T - 1)).toBe('active');
    expect(statusAt({ expires_at: T }, T)).toBe('expired');
    expect(statusAt({ expires_at: T, revoked_at: T - 5 }, T)).toBe('revoked');
  });
});

describe('token registry from inventory snapshots', () => {
  it('adds listed tokens and marks a missing active token of the owner revoked', () => {
    const known: Token[] = [
      {
        token_id: 'a',
        source: 'tableau_cloud',
        owner_id: 'u1',
        status: 'active',
        scopes: [],
        first_seen_at: T,
        updated_at: T,
      },
      {
        token_id: 'b',
        source: 'tableau_cloud',
        owner_id: 'u1',
        status: 'active',
        scopes: [],
        first_seen_at: T,
        updated_at: T,
      },
      {
        token_id: 'c',
        source: 'tableau_cloud',
        owner_id: 'u2',
        status: 'active',
        scopes: [],
        first_seen_at: T,
        updated_at: T,
      },
    ];
    const changed = applyInventorySnapshot(
      known,
      {
        source: 'tableau_cloud',
        taken_at: T + DAY,
        owner_id: 'u1',
        tokens: [
          { token_id: 'a', expires_at: T + 90 * DAY, last_used_at: T + DAY - 5 },
          { token_id: 'd', token_name: 'new', created_at: T + 1 },
        ],
      },
      T + DAY + 10,
    );
    expect(changed.map((t) => [t.token_id, t.status, t.revoked_at])).toEqual([
      ['a', 'active', undefined],
      ['d', 'active', undefined],
      ['b', 'revoked', T + DAY],
    ]);
    expect(changed[1]).toMatchObject({ first_seen_at: T + 1, created_at: T + 1, owner_id: 'u1' });
  });
});
