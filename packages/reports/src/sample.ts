import type { Alert, AlertAuditEntry, Token } from '@tokenwatch/schema';
import type { ComplianceInput } from './compliance';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * A small, realistic data set that exercises every section and every policy rule: used by the tests, by the
 * benchmark, and by `tokenwatch report compliance --sample` to show what a report looks like.
 */
export function sampleComplianceInput(to: number, extraTokens = 0): ComplianceInput {
  const from = to - 30 * DAY;
  const token = (id: string, t: Partial<Token>): Token => ({
    token_id: id,
    source: 'tableau_cloud',
    token_name: id.split(':').pop(),
    status: 'active',
    scopes: [],
    first_seen_at: to - 200 * DAY,
    updated_at: to - DAY,
    ...t,
  });
  const tokens: Token[] = [
    token('tc:finance:etl-nightly', {
      owner_id: 'u1',
      owner_email: 'ana@example.com',
      created_at: to - 40 * DAY,
      expires_at: to + 140 * DAY,
      last_used_at: to - HOUR,
    }),
    token('tc:finance:old-report', {
      owner_id: 'u2',
      owner_email: 'ben@example.com',
      created_at: to - 120 * DAY,
      expires_at: to + 60 * DAY,
      last_used_at: to - 2 * DAY,
    }),
    token('tc:sales:forever', {
      owner_id: 'u3',
      owner_email: 'cy@example.com',
      created_at: to - 20 * DAY,
      last_used_at: to - DAY,
    }),
    token('tc:sales:soon', {
      owner_id: 'u3',
      owner_email: 'cy@example.com',
      created_at: to - 170 * DAY,
      expires_at: to + 5 * DAY,
      last_used_at: to - 3 * DAY,
    }),
    token('ts:ops:idle', {
      source: 'tableau_server',
      owner_id: 'u4',
      owner_email: 'dee@example.com',
      created_at: to - 50 * DAY,
      expires_at: to + 300 * DAY,
      last_used_at: to - 20 * DAY,
    }),
    token('tc:hr:leaver', {
      owner_id: 'u5',
      owner_email: 'eve@example.com',
      created_at: to - 30 * DAY,
      expires_at: to + 150 * DAY,
      last_used_at: to - 4 * DAY,
    }),
    token('tc:hr:leaver-2', {
      owner_id: 'u6',
      owner_email: 'fay@example.com',
      status: 'revoked',
      created_at: to - 60 * DAY,
      expires_at: to + 120 * DAY,
      revoked_at: to - 10 * DAY,
      last_used_at: to - 12 * DAY,
    }),
    token('gh:ci-bot', {
      source: 'github',
      owner_id: 'u7',
      owner_email: 'bot@example.com',
      created_at: to - 10 * DAY,
      expires_at: to + 80 * DAY,
      last_used_at: to - 60_000,
    }),
    token('tc:old:gone', { owner_id: 'u8', status: 'revoked', created_at: to - 300 * DAY, revoked_at: to - 90 * DAY }),
  ];
  for (let i = 0; i < extraTokens; i++)
    tokens.push(
      token(`tc:bulk:token-${i}`, {
        owner_id: `b${i % 50}`,
        created_at: to - (i % 200) * DAY,
        expires_at: to + (i % 180) * DAY,
        last_used_at: to - (i % 20) * DAY,
      }),
    );
  const alert = (id: string, a: Partial<Alert>): Alert => ({
    alert_id: id,
    detector: 'new_ip',
    severity: 'medium',
    status: 'open',
    token_id: 'tc:finance:etl-nightly',
    title: `alert ${id}`,
    explanation: 'sample',
    evidence: { event_ids: [], values: {} },
    first_seen_at: to - 5 * DAY,
    last_seen_at: to - 5 * DAY,
    count: 1,
    created_at: to - 5 * DAY,
    updated_at: to - 5 * DAY,
    ...a,
  });
  const alerts: Alert[] = [
    alert('a1', { title: 'New IP 203.0.113.7 for etl-nightly', status: 'resolved', created_at: to - 10 * DAY }),
    alert('a2', {
      detector: 'concurrent_use',
      severity: 'high',
      token_id: 'tc:sales:forever',
      title: 'Two IPs within 2 minutes',
      status: 'acknowledged',
      created_at: to - 3 * DAY,
    }),
    alert('a3', {
      detector: 'use_after_revocation',
      severity: 'critical',
      token_id: 'tc:hr:leaver-2',
      title: 'Used after revocation',
      status: 'false_positive',
      created_at: to - 9 * DAY,
    }),
    alert('a4', {
      detector: 'volume_spike',
      token_id: 'gh:ci-bot',
      title: 'Volume 12x baseline',
      created_at: to - DAY,
    }),
    alert('a-before', { created_at: from - DAY, title: 'outside the period' }),
  ];
  const audit: AlertAuditEntry[] = [
    { alert_id: 'a1', at: to - 10 * DAY, actor: 'analyzer', action: 'created', to_status: 'open' },
    {
      alert_id: 'a1',
      at: to - 10 * DAY + 20 * 60_000,
      actor: 'sec-oncall',
      action: 'acknowledged',
      from_status: 'open',
      to_status: 'acknowledged',
    },
    {
      alert_id: 'a1',
      at: to - 10 * DAY + 5 * HOUR,
      actor: 'sec-oncall',
      action: 'resolved',
      from_status: 'acknowledged',
      to_status: 'resolved',
      note: 'new office IP',
    },
    {
      alert_id: 'a2',
      at: to - 3 * DAY + 2 * HOUR,
      actor: 'sam',
      action: 'acknowledged',
      from_status: 'open',
      to_status: 'acknowledged',
    },
    {
      alert_id: 'a3',
      at: to - 9 * DAY + 40 * 60_000,
      actor: 'sam',
      action: 'false_positive',
      from_status: 'open',
      to_status: 'false_positive',
    },
  ];
  return {
    from,
    to,
    generatedAt: to + HOUR,
    title: 'Token compliance report (sample data)',
    tokens,
    alerts,
    audit,
    removedOwners: [
      { owner_id: 'u5', removed_at: to - 6 * DAY },
      { owner_id: 'u6', removed_at: to - 13 * DAY },
    ],
  };
}
