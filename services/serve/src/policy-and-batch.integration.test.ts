import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/schema';
import { startServe, type RunningServe } from './index';
import { testServeOptions } from './test-support';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const N = Date.UTC(2026, 10, 20, 12);
let clock = N;
const now = () => clock;
const MINE = ['tok-old', 'tok-forever', 'tok-forever-ok', 'tok-soon', 'tok-idle', 'tok-l1', 'tok-l2', 'tok-l3'];

const ndjson = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const token = (token_id: string, createdAgo: number, expiresIn: number | undefined, owner = 'u-other') => ({
  kind: 'token.created',
  source: 'tableau_cloud',
  tenant: 'tnt-1',
  owner_id: owner,
  token_id,
  occurred_at: N - createdAgo * DAY,
  outcome: 'success',
  ...(expiresIn === undefined ? {} : { expires_at: N + expiresIn * DAY }),
});
const use = (token_id: string, ago: number, owner = 'u-other') => ({
  kind: 'token.used',
  source: 'tableau_cloud',
  tenant: 'tnt-1',
  owner_id: owner,
  token_id,
  occurred_at: N - ago,
  outcome: 'success',
});

describe('embedded analyzer (serve on DuckDB): policy checks and Tableau batch revocations', () => {
  let dir: string;
  let serve: RunningServe;
  const post = async (body: string) => {
    const response = await fetch(`${serve.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.bootstrapKey!}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(200);
  };
  const mine = async (): Promise<Alert[]> =>
    (await serve.stores.alerts.listAlerts({ limit: 1000 })).filter((a) => MINE.includes(a.token_id));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tw-policy-'));
    serve = await startServe({
      ...testServeOptions(dir),
      policyIntervalMs: 0,
      ipSprayIntervalMs: 0,
      now,
    });
  });
  afterAll(async () => {
    await serve.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('expands a per-user batch revocation to the user’s tokens and raises every policy rule once', async () => {
    await post(
      ndjson([
        token('tok-old', 120, 100),
        use('tok-old', DAY),
        token('tok-forever', 10, undefined),
        use('tok-forever', DAY),
        token('tok-forever-ok', 10, undefined),
        token('tok-soon', 30, 5),
        use('tok-soon', DAY),
        token('tok-idle', 60, 100),
        use('tok-idle', 20 * DAY),
        token('tok-l1', 30, 100, 'u-leaver'),
        token('tok-l2', 30, 100, 'u-leaver'),
        use('tok-l1', 3 * DAY, 'u-leaver'),
        use('tok-l2', 3 * DAY, 'u-leaver'),
      ]),
    );
    // The user is removed (Tableau Cloud Activity Log, raw record); then a revoked token is used anyway, and a
    // token of the same user that nobody knew about at the removal shows up.
    await post(
      ndjson([
        {
          eventType: 'batch_revoke_personal_access_token',
          eventTime: new Date(N - 2 * DAY).toISOString(),
          eventOutcome: 'success',
          eventOutcomeReason: 'user removed',
          initiatingUserId: 'admin-1',
          tenantId: 'tnt-1',
          patUserId: 'u-leaver',
          traceUuid: 'tr-1',
        },
        use('tok-l1', DAY, 'u-leaver'),
        { ...token('tok-l3', 1, 100, 'u-leaver') },
      ]),
    );
    const [l1, l2, l3] = await serve.stores.tokens.getTokens(['tok-l1', 'tok-l2', 'tok-l3']);
    expect(l1).toMatchObject({ status: 'revoked', revoked_at: N - 2 * DAY });
    expect(l2).toMatchObject({ status: 'revoked', revoked_at: N - 2 * DAY });
    expect(l3!.revoked_at).toBeUndefined();
    const afterUse = (await mine()).filter((a) => a.detector === 'use_after_revocation');
    expect(afterUse.map((a) => [a.token_id, a.severity])).toEqual([['tok-l1', 'critical']]);

    await serve.stores.suppressions.putSuppression({
      suppression_id: 'sup-1',
      token_id: 'tok-forever-ok',
      detector: 'policy_no_expiry',
      reason: 'break-glass token, reviewed quarterly',
      author: 'sec@example.com',
      created_at: N,
    });
    await serve.policyChecks.runNow();
    const policy = (await mine()).filter((a) => a.detector.startsWith('policy_'));
    expect(policy.map((a) => `${a.detector} ${a.token_id}`).sort()).toEqual([
      'policy_expiring_soon tok-soon',
      'policy_idle tok-idle',
      'policy_max_age tok-old',
      'policy_no_expiry tok-forever',
      'policy_owner_removed tok-l3',
    ]);
    const removed = policy.find((a) => a.detector === 'policy_owner_removed')!;
    expect(removed).toMatchObject({ severity: 'high', status: 'open', count: 1 });
    expect(removed.explanation).toMatch(/still active 4\d hours after its owner was removed/);
    expect(removed.evidence.values).toMatchObject({ owner_removed_at: N - 2 * DAY });

    // The next scheduled runs find the same violations: the same alerts, not new ones, not counted up.
    const before = policy.map((a) => [a.alert_id, a.count]).sort();
    clock += HOUR;
    await serve.policyChecks.runNow();
    clock += DAY;
    await serve.policyChecks.runNow();
    const again = (await mine()).filter((a) => a.detector.startsWith('policy_'));
    expect(again.map((a) => [a.alert_id, a.count]).sort()).toEqual(before);
  });

  it('alerts on one IP failing against many tokens (stored failures, all tokens), not below the threshold', async () => {
    const failure = (ip: string, token_id: string, ago: number) => ({
      kind: 'token.auth_failed',
      source: 'tableau_cloud',
      token_id,
      ip,
      occurred_at: clock - ago,
      outcome: 'failure',
    });
    const sprayer = Array.from({ length: 12 }, (_, i) =>
      failure('203.0.113.66', `tok-spray-${i % 4}`, 30 * 60_000 - i * 10_000),
    );
    const quiet = Array.from({ length: 9 }, (_, i) =>
      failure('198.51.100.99', `tok-spray-${i % 4}`, 30 * 60_000 - i * 10_000),
    );
    await post(ndjson([...sprayer, ...quiet]));
    // The per-token detector sees 3 failures per token: nothing.
    const bursts = async () =>
      (await serve.stores.alerts.listAlerts({ detector: 'auth_failure_burst', limit: 100 })).map((a) => [
        a.token_id,
        a.ip,
        a.count,
      ]);
    expect(await bursts()).toEqual([]);
    await serve.ipSprayChecks.runNow();
    expect(await bursts()).toEqual([['ip:203.0.113.66', '203.0.113.66', 1]]);
    await serve.ipSprayChecks.runNow();
    expect(await bursts()).toEqual([['ip:203.0.113.66', '203.0.113.66', 1]]);
  });
});
