import type { Token } from '@tokenwatch/schema';
import { policyFindings, type Finding } from '@tokenwatch/detectors';
import type { PolicySettings } from '@tokenwatch/policy';
import { isBatchTokenId, removedOwnerOf } from '@tokenwatch/registry';
import type { TokenRegistry } from '@tokenwatch/store';
import { raiseFindings, type RaiseCounts, type RaiseDeps } from './raise';

export interface PolicyScanDeps extends RaiseDeps {
  tokens: TokenRegistry;
  policy: PolicySettings;
}

export interface PolicyScanResult extends RaiseCounts {
  tokens: number;
}

const PAGE = 1000;

async function forEachPage(tokens: TokenRegistry, visit: (page: Token[]) => Promise<void>): Promise<void> {
  for (let after: string | undefined; ;) {
    const page = await tokens.listTokens({ ...(after === undefined ? {} : { after }), limit: PAGE });
    await visit(page);
    if (page.length < PAGE) return;
    after = page.at(-1)!.token_id;
  }
}

/**
 * The scheduled policy checks (DESIGN §3 item 9) over the whole token registry, with the rules the compliance
 * report uses (@tokenwatch/policy). Owner removals come from the registry's batch-revocation rows
 * (`<tenant>/<user>/*`). A lasting violation keeps its alert id and start, so running this every interval, on a
 * restarted or on another instance, leaves one alert per token and rule episode.
 */
export async function runPolicyScan(deps: PolicyScanDeps): Promise<PolicyScanResult> {
  const removed = new Map<string, number>();
  await forEachPage(deps.tokens, async (page) => {
    for (const t of page) {
      const removal = removedOwnerOf(t);
      if (removal)
        removed.set(removal.owner_id, Math.min(removal.removed_at, removed.get(removal.owner_id) ?? Infinity));
    }
  });
  const result: PolicyScanResult = { tokens: 0, findings: 0, suppressed: 0, created: 0, repeated: 0 };
  const now = deps.now();
  await forEachPage(deps.tokens, async (page) => {
    const findings: Finding[] = [];
    for (const t of page) {
      if (isBatchTokenId(t.token_id)) continue;
      result.tokens++;
      const removedAt = t.owner_id === undefined ? undefined : removed.get(t.owner_id);
      findings.push(...policyFindings(t, now, deps.policy, removedAt));
    }
    const counts = await raiseFindings(findings, deps);
    result.findings += counts.findings;
    result.suppressed += counts.suppressed;
    result.created += counts.created;
    result.repeated += counts.repeated;
  });
  return result;
}
