import { createHash } from 'node:crypto';
import type { Source, Token, TokenEvent } from '@tokenwatch/schema';

/**
 * Tableau batch revocations (`batch_revoke_personal_access_token`) name no token: the sources give them the
 * token id `<tenant>/<user>/*` (every PAT of that user, who was removed) or `<tenant>/*` (every PAT of the
 * tenant, suspended or deleted). The registry keeps such a row as the record of the revocation and expands it
 * into one `token.revoked` event per known token it covers.
 */
export type BatchScope =
  | { scope: 'owner'; source: Source; prefix: string; owner_id: string }
  | { scope: 'tenant'; source: Source; prefix: string };

export const isBatchTokenId = (tokenId: string): boolean => tokenId.endsWith('/*');

/** The scope of a batch revocation event, or undefined when the event is not one. */
export function batchScopeOf(event: TokenEvent): BatchScope | undefined {
  if (event.kind !== 'token.revoked' || !isBatchTokenId(event.token_id)) return undefined;
  const parts = event.token_id.slice(0, -2).split('/');
  if (parts.length === 1) return { scope: 'tenant', source: event.source, prefix: parts[0]! };
  if (parts.length === 2)
    return { scope: 'owner', source: event.source, prefix: parts[0]!, owner_id: event.owner_id ?? parts[1]! };
  return undefined;
}

/**
 * True when the batch covers the token. `-` as prefix means the source named neither tenant nor site. A token
 * whose tenant and site are both unknown is matched on its owner alone (user ids are LUIDs, unique anyway).
 */
export function batchCovers(batch: BatchScope, token: Token): boolean {
  if (isBatchTokenId(token.token_id) || token.source !== batch.source) return false;
  const place = batch.prefix === '-' || token.tenant === batch.prefix || token.site === batch.prefix;
  if (batch.scope === 'tenant') return place;
  if (token.owner_id !== batch.owner_id) return false;
  return place || (token.tenant === undefined && token.site === undefined);
}

/**
 * One `token.revoked` event per covered token that was not already revoked by then, with a deterministic id
 * (batch event id + token), so expanding the same batch twice (redelivery, restart) yields the same events.
 */
export function expandBatchRevocation(event: TokenEvent, candidates: readonly Token[]): TokenEvent[] {
  const batch = batchScopeOf(event);
  if (!batch) return [];
  const out: TokenEvent[] = [];
  const seen = new Set<string>();
  for (const token of candidates) {
    if (seen.has(token.token_id) || !batchCovers(batch, token)) continue;
    seen.add(token.token_id);
    if (token.revoked_at !== undefined && token.revoked_at <= event.occurred_at) continue;
    const digest = createHash('sha256').update(`${event.event_id}\n${token.token_id}`).digest('hex').slice(0, 32);
    out.push({
      ...event,
      event_id: `batch:${digest}`,
      token_id: token.token_id,
      ...(token.token_name !== undefined ? { token_name: token.token_name } : {}),
      ...(token.owner_id !== undefined ? { owner_id: token.owner_id } : {}),
      outcome_reason: `${event.source_event_type} ${event.token_id} (event ${event.event_id})`.slice(0, 2048),
    });
  }
  return out;
}

/** A removed owner, from a registry row of a per-user batch revocation (`<tenant>/<user>/*`). */
export function removedOwnerOf(token: Token): { owner_id: string; removed_at: number } | undefined {
  if (!isBatchTokenId(token.token_id) || token.revoked_at === undefined) return undefined;
  const parts = token.token_id.slice(0, -2).split('/');
  if (parts.length !== 2) return undefined;
  return { owner_id: token.owner_id ?? parts[1]!, removed_at: token.revoked_at };
}
