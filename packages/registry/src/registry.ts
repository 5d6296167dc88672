import type { InventorySnapshot, Token, TokenEvent, TokenStatus } from '@tokenwatch/schema';

/**
 * Token registry logic: the lifecycle of a token folded from its events and from vendor inventory snapshots.
 * Pure; `now` is when the registry learns it (updated_at), event times come from the events.
 */

/** Status at a given instant: revoked wins over expired, and a token past its expiry is expired. */
export function statusAt(token: Pick<Token, 'revoked_at' | 'expires_at'>, at: number): TokenStatus {
  if (token.revoked_at !== undefined && token.revoked_at <= at) return 'revoked';
  if (token.expires_at !== undefined && token.expires_at <= at) return 'expired';
  return 'active';
}

const min = (a: number | undefined, b: number) => (a === undefined ? b : Math.min(a, b));
const max = (a: number | undefined, b: number) => (a === undefined ? b : Math.max(a, b));

/**
 * Folds one event into the token's registry entry (creating it on first sight). Order-insensitive for the times
 * (earliest creation/revocation, latest use) so late and redelivered events give the same result.
 */
export function applyEventToToken(token: Token | undefined, event: TokenEvent, now: number): Token {
  const at = event.occurred_at;
  const next: Token = token
    ? { ...token }
    : {
        token_id: event.token_id,
        source: event.source,
        status: 'unknown',
        scopes: [],
        first_seen_at: at,
        updated_at: now,
      };
  next.first_seen_at = Math.min(next.first_seen_at, at);
  next.updated_at = Math.max(now, (token?.updated_at ?? 0) + 1);
  for (const key of ['token_name', 'owner_id', 'owner_email', 'tenant', 'site'] as const) {
    const value = event[key];
    if (value !== undefined) next[key] = value;
  }
  if (event.scopes !== undefined && event.scopes.length > 0) next.scopes = event.scopes;
  switch (event.kind) {
    case 'token.created':
      next.created_at = min(next.created_at, at);
      if (event.expires_at !== undefined) next.expires_at = event.expires_at;
      break;
    case 'token.updated':
      if (event.expires_at !== undefined) next.expires_at = event.expires_at;
      break;
    case 'token.revoked':
      next.revoked_at = min(next.revoked_at, at);
      break;
    case 'token.expired':
      next.expires_at = min(next.expires_at, at);
      break;
    case 'token.used':
      if (event.outcome !== 'failure') next.last_used_at = max(next.last_used_at, at);
      if (next.expires_at === undefined && event.expires_at !== undefined) next.expires_at = event.expires_at;
      break;
    default:
      break;
  }
  next.status = statusAt(next, now);
  return next;
}

/**
 * Folds an inventory snapshot (all tokens of one owner at one instant) into the registry: listed tokens are
 * created or refreshed; a token of that owner and source that was active but is missing from the snapshot is
 * gone — revoked at the snapshot time unless it had expired by then.
 */
export function applyInventorySnapshot(existing: readonly Token[], snapshot: InventorySnapshot, now: number): Token[] {
  const byId = new Map(existing.map((t) => [t.token_id, t]));
  const changed: Token[] = [];
  const listed = new Set<string>();
  for (const item of snapshot.tokens) {
    listed.add(item.token_id);
    const before = byId.get(item.token_id);
    const next: Token = before
      ? { ...before }
      : {
          token_id: item.token_id,
          source: snapshot.source,
          status: 'unknown',
          scopes: [],
          first_seen_at: item.created_at ?? snapshot.taken_at,
          updated_at: now,
        };
    next.owner_id = snapshot.owner_id;
    if (snapshot.tenant !== undefined) next.tenant = snapshot.tenant;
    if (snapshot.site !== undefined) next.site = snapshot.site;
    if (item.token_name !== undefined) next.token_name = item.token_name;
    if (item.created_at !== undefined) next.created_at = item.created_at;
    if (item.expires_at !== undefined) next.expires_at = item.expires_at;
    if (item.last_used_at !== undefined) next.last_used_at = max(next.last_used_at, item.last_used_at);
    next.updated_at = Math.max(now, (before?.updated_at ?? 0) + 1);
    next.status = statusAt(next, snapshot.taken_at);
    changed.push(next);
  }
  for (const token of existing) {
    if (listed.has(token.token_id) || token.owner_id !== snapshot.owner_id || token.source !== snapshot.source)
      continue;
    if (token.revoked_at !== undefined) continue;
    if (token.expires_at !== undefined && token.expires_at <= snapshot.taken_at) {
      if (token.status !== 'expired')
        changed.push({ ...token, status: 'expired', updated_at: Math.max(now, token.updated_at + 1) });
      continue;
    }
    changed.push({
      ...token,
      status: 'revoked',
      revoked_at: snapshot.taken_at,
      updated_at: Math.max(now, token.updated_at + 1),
    });
  }
  return changed;
}
