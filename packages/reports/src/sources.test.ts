import { describe, expect, it } from 'vitest';
import type { Token } from '@tokenwatch/schema';
import { buildComplianceReport, loadComplianceData } from './index';

const T = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;
const tok = (token_id: string, over: Partial<Token> = {}): Token => ({
  token_id,
  source: 'tableau_cloud',
  status: 'active',
  scopes: [],
  first_seen_at: T,
  created_at: T,
  expires_at: T + 60 * DAY,
  last_used_at: T + 9 * DAY,
  updated_at: T,
  owner_id: 'u1',
  ...over,
});

describe('loadComplianceData', () => {
  it('turns registry rows of per-user batch revocations into owner removals, not inventory rows', async () => {
    const rows = [
      tok('pat-1'),
      tok('tnt/u1/*', { status: 'revoked', revoked_at: T + 2 * DAY }),
      tok('tnt/*', { owner_id: undefined, status: 'revoked', revoked_at: T + 3 * DAY }),
    ];
    const data = await loadComplianceData(
      {
        tokens: { listTokens: () => Promise.resolve(rows) },
        alerts: { listAlerts: () => Promise.resolve([]), readAudit: () => Promise.resolve([]) },
      },
      T,
    );
    expect(data.tokens.map((t) => t.token_id)).toEqual(['pat-1']);
    expect(data.removed_owners).toEqual([{ owner_id: 'u1', removed_at: T + 2 * DAY }]);
    const report = buildComplianceReport({
      from: T,
      to: T + 10 * DAY,
      generatedAt: T + 10 * DAY,
      tokens: data.tokens,
      alerts: [],
      audit: [],
      removedOwners: data.removed_owners,
    });
    expect(report.violations.rows.map((v) => `${v.rule} ${v.token_id}`)).toEqual(['owner_removed pat-1']);
  });
});
