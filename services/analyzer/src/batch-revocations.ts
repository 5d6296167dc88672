import type { Token, TokenEvent } from '@tokenwatch/schema';
import { applyEventToToken, batchScopeOf, expandBatchRevocation, isBatchTokenId } from '@tokenwatch/registry';
import type { EventStore, TokenRegistry } from '@tokenwatch/store';

export interface BatchRevocationDeps {
  tokens: TokenRegistry;
  events: EventStore;
  now: () => number;
  /** Writes the analyzer's pending registry rows, so the lookup sees this instance's newest tokens. */
  flushRegistry: () => Promise<void>;
  /**
   * Scale-out: hands the per-token revocations to the owner of each token (published to `auth-events` keyed by
   * token id, so the instance that owns the token applies it, and ingest stores it). Absent (embedded: one
   * analyzer owns every token): they are stored here and analysed in the same batch.
   */
  route?: (events: readonly TokenEvent[]) => Promise<void>;
}

const PAGE = 1000;

async function candidatesOf(event: TokenEvent, deps: BatchRevocationDeps): Promise<Token[]> {
  const batch = batchScopeOf(event)!;
  const out: Token[] = [];
  for (let after: string | undefined; ;) {
    const page = await deps.tokens.listTokens({
      source: batch.source,
      ...(batch.scope === 'owner' ? { owner_id: batch.owner_id } : {}),
      ...(after === undefined ? {} : { after }),
      limit: PAGE,
    });
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page.at(-1)!.token_id;
  }
}

/**
 * Expands the Tableau batch revocations of a batch (`<tenant>/<user>/*`, `<tenant>/*`) into one `token.revoked`
 * per known token they cover, so use_after_revocation fires for each. Known = in the registry, or seen earlier
 * in this batch. Returns the events to analyse: the batch plus, when embedded, the derived revocations.
 *
 * Limits: a token no instance had written to the registry yet (scale-out: unflushed on another instance, at most
 * ANALYZER_REGISTRY_FLUSH old) or first seen after the batch is not covered; a tenant-wide batch covers tokens
 * whose tenant or site is the batch's tenant (tokens seen only in site events carry the site, not the tenant).
 */
export async function withBatchRevocations(
  events: readonly TokenEvent[],
  deps: BatchRevocationDeps,
): Promise<readonly TokenEvent[]> {
  if (!events.some((e) => batchScopeOf(e) !== undefined)) return events;
  await deps.flushRegistry();
  const out: TokenEvent[] = [];
  const derived: TokenEvent[] = [];
  const inBatch = new Map<string, Token>();
  for (const e of events) {
    out.push(e);
    if (batchScopeOf(e)) {
      const candidates = [...(await candidatesOf(e, deps)), ...inBatch.values()];
      const expanded = expandBatchRevocation(e, candidates);
      derived.push(...expanded);
      // Right after the batch event: analysed after later events of a token, they would count as late.
      if (!deps.route) out.push(...expanded);
    } else if (!isBatchTokenId(e.token_id)) {
      inBatch.set(e.token_id, applyEventToToken(inBatch.get(e.token_id), e, deps.now()));
    }
  }
  if (derived.length === 0) return events;
  if (deps.route) {
    await deps.route(derived);
    return events;
  }
  await deps.events.appendEvents(derived);
  return out;
}
