import {
  InventorySnapshot,
  eventIdFromRaw,
  type InventoryToken,
  type Source,
  type TokenEvent,
} from '@tokenwatch/schema';
import { buildEvent } from './result';
import { RecordRejected, get, isObj, optionalText, reject, type Obj } from './read';
import { optionalTime } from './time';

export interface InventoryContext {
  now: number;
  /** The user whose tokens were listed (the REST path's user LUID). */
  owner_id: string;
  source?: Source;
  tenant?: string;
  site?: string;
}

export type InventoryResult =
  { ok: true; snapshot: InventorySnapshot } | { ok: false; reason: string; field_path: string };

/**
 * Tableau REST "List Personal Access Tokens" response → one snapshot of that user's tokens. Accepts the usual
 * JSON wrappings (`personalAccessTokens.personalAccessToken[]`, `personalAccessTokens[]`, `items[]`, a bare
 * array). Never throws.
 */
export function normaliseInventory(response: unknown, ctx: InventoryContext): InventoryResult {
  try {
    const { items, path } = itemsOf(response);
    const tokens = items.map((item, index) => inventoryToken(item, `${path}${path ? '.' : ''}${index}`));
    const snapshot = {
      source: ctx.source ?? 'tableau_cloud',
      taken_at: ctx.now,
      owner_id: ctx.owner_id,
      tokens,
      ...(ctx.tenant === undefined ? {} : { tenant: ctx.tenant }),
      ...(ctx.site === undefined ? {} : { site: ctx.site }),
    };
    const checked = InventorySnapshot.safeParse(snapshot);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      return { ok: false, reason: issue.message, field_path: `(snapshot) ${issue.path.map(String).join('.')}` };
    }
    return { ok: true, snapshot: checked.data };
  } catch (error) {
    if (error instanceof RecordRejected) return { ok: false, reason: error.reason, field_path: error.field_path };
    return { ok: false, reason: `cannot read response: ${String(error)}`, field_path: '' };
  }
}

function itemsOf(response: unknown): { items: unknown[]; path: string } {
  if (Array.isArray(response)) return { items: response, path: '' };
  if (!isObj(response)) reject('', 'expected a JSON object or array');
  const wrapper = get(response, 'personalAccessTokens');
  if (isObj(wrapper)) {
    const list = get(wrapper, 'personalAccessToken');
    if (Array.isArray(list)) return { items: list, path: 'personalAccessTokens.personalAccessToken' };
    if (isObj(list)) return { items: [list], path: 'personalAccessTokens.personalAccessToken' };
    if (list === undefined) return { items: [], path: 'personalAccessTokens.personalAccessToken' };
    reject('personalAccessTokens.personalAccessToken', 'expected an array of tokens');
  }
  if (Array.isArray(wrapper)) return { items: wrapper, path: 'personalAccessTokens' };
  const items = get(response, 'items');
  if (Array.isArray(items)) return { items, path: 'items' };
  reject('personalAccessTokens', 'no token list (personalAccessTokens or items) in the response');
}

function inventoryToken(item: unknown, path: string): InventoryToken {
  if (!isObj(item)) reject(path, 'expected a token object');
  const at = (field: string) => `${path}.${field}`;
  const guid = optionalText(item, 'tokenGuid', at('tokenGuid')) ?? optionalText(item, 'id', at('id'));
  if (!guid) reject(at('tokenGuid'), 'required field is missing or empty');
  const token: Obj = { token_id: guid };
  const name = optionalText(item, 'tokenName', at('tokenName'));
  if (name !== undefined) token.token_name = name;
  for (const [field, key] of [
    ['created_at', 'createdAt'],
    ['expires_at', 'expiresAt'],
    ['last_used_at', 'lastUsedAt'],
  ] as const) {
    const value = optionalTime(get(item, key), at(key));
    if (value !== undefined) token[field] = value;
  }
  return token as InventoryToken;
}

/**
 * Tokens of `previous` missing from `next` (same source and owner) → `token.expired` when their expiry has passed
 * by the time of `next`, else `token.revoked`. The event time is the best we know: the expiry, or the moment the
 * absence was seen. Ids depend only on token and kind, so comparing other snapshot pairs later yields the same ids.
 */
export function diffInventory(previous: InventorySnapshot, next: InventorySnapshot, now: number): TokenEvent[] {
  if (previous.source !== next.source || previous.owner_id !== next.owner_id) return [];
  const present = new Set(next.tokens.map((t) => t.token_id));
  const events: TokenEvent[] = [];
  for (const token of previous.tokens) {
    if (present.has(token.token_id)) continue;
    const expired = token.expires_at !== undefined && token.expires_at <= next.taken_at;
    const kind = expired ? 'token.expired' : 'token.revoked';
    const occurredAt = expired ? Math.max(token.expires_at!, previous.taken_at) : next.taken_at;
    const fact = {
      inventory: kind,
      source: next.source,
      owner_id: next.owner_id,
      token_id: token.token_id,
    };
    events.push(
      buildEvent(
        {
          event_id: eventIdFromRaw(next.source, fact),
          source: next.source,
          source_event_type: 'inventory.token_missing',
          kind,
          occurred_at: occurredAt,
          token_id: token.token_id,
          token_name: token.token_name,
          owner_id: next.owner_id,
          tenant: next.tenant ?? previous.tenant,
          site: next.site ?? previous.site,
          outcome: 'success',
          outcome_reason: `listed at ${new Date(previous.taken_at).toISOString()}, missing at ${new Date(next.taken_at).toISOString()}`,
          expires_at: token.expires_at,
        },
        now,
        JSON.stringify({ ...fact, previous_taken_at: previous.taken_at, next_taken_at: next.taken_at }),
      ),
    );
  }
  return events;
}
