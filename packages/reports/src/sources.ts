import type { Alert, AlertAuditEntry, Token } from '@tokenwatch/schema';
import { isBatchTokenId, removedOwnerOf } from '@tokenwatch/registry';
import type { ComplianceData } from './settings';

/** What the report reads, as the parts of TokenRegistry and AlertStore (@tokenwatch/store) it needs. */
export interface ComplianceSources {
  tokens: { listTokens(query: { after?: string; limit?: number }): Promise<Token[]> };
  alerts: {
    listAlerts(query: {
      from?: number;
      after?: { last_seen_at: number; alert_id: string };
      limit?: number;
    }): Promise<Alert[]>;
    readAudit(alertId: string): Promise<AlertAuditEntry[]>;
  };
}

const PAGE = 1000;

/**
 * Reads every token and every alert still active at or after `from` (a report's alerts are those created in
 * the period, so they were last seen at or after its start), with their audit trails. Owner removals are the
 * registry's rows of per-user batch revocations (`<tenant>/<user>/*`), which are not tokens themselves.
 */
export async function loadComplianceData(sources: ComplianceSources, from: number): Promise<ComplianceData> {
  const tokens: Token[] = [];
  const removedOwners: { owner_id: string; removed_at: number }[] = [];
  for (let after: string | undefined; ;) {
    const page = await sources.tokens.listTokens({ ...(after === undefined ? {} : { after }), limit: PAGE });
    tokens.push(...page.filter((t) => !isBatchTokenId(t.token_id)));
    for (const t of page) {
      const removal = removedOwnerOf(t);
      if (removal) removedOwners.push(removal);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.token_id;
  }
  const alerts: Alert[] = [];
  for (let after: { last_seen_at: number; alert_id: string } | undefined; ;) {
    const page = await sources.alerts.listAlerts({ from, ...(after ? { after } : {}), limit: PAGE });
    alerts.push(...page);
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = { last_seen_at: last.last_seen_at, alert_id: last.alert_id };
  }
  const audit = (await Promise.all(alerts.map((a) => sources.alerts.readAudit(a.alert_id)))).flat();
  return { tokens, alerts, audit, removed_owners: removedOwners };
}
