/**
 * The analyzer's scheduled checks over a large registry / failure history, on both stores:
 *   eval "$(bash scripts/services.sh env)"; node --import tsx bench/scheduled-checks.ts [--tokens 20000] [--failures 200000]
 * Prints the policy scan time per token count (baseline: reading the registry alone, same run) and the per-IP
 * failure scan time (baseline: counting the failures in the range alone, same run).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabase, migrate, openClickHouse } from '@tokenwatch/clickhouse';
import { runIpSprayScan, runPolicyScan } from '@tokenwatch/analyzer';
import { DAY, detectorSettings, tokenEvent } from '@tokenwatch/detectors';
import { DEFAULT_POLICY } from '@tokenwatch/policy';
import type { Token, TokenEvent } from '@tokenwatch/schema';
import type { AlertStore, EventStore, IpFailureReader, SuppressionStore, TokenRegistry } from '@tokenwatch/store';
import {
  createClickHouseAlertStore,
  createClickHouseEventStore,
  createClickHouseSuppressionStore,
  createClickHouseTokenRegistry,
} from '@tokenwatch/store-clickhouse';
import { openDuckDbStores } from '@tokenwatch/store-duckdb';
import { testServices, uniqueName } from '@tokenwatch/testkit';

const { values } = parseArgs({ options: { tokens: { type: 'string' }, failures: { type: 'string' } } });
const TOKENS = Number(values.tokens ?? 20_000);
const FAILURES = Number(values.failures ?? 200_000);
const NOW = Date.UTC(2026, 10, 20, 12);
const settings = detectorSettings();

function registry(): Token[] {
  return Array.from({ length: TOKENS }, (_, i) => ({
    token_id: `tok-${String(i).padStart(7, '0')}`,
    source: i % 2 ? 'tableau_cloud' : 'github',
    status: 'active',
    scopes: [],
    owner_id: `u-${i % 5000}`,
    first_seen_at: NOW - (i % 200) * DAY,
    created_at: NOW - (i % 200) * DAY,
    ...(i % 3 ? { expires_at: NOW + ((i % 120) - 10) * DAY } : {}),
    last_used_at: NOW - (i % 40) * DAY,
    updated_at: NOW,
  }));
}

/** Failures over the last 70 minutes: mostly scattered, 20 IPs spraying many tokens. */
function failures(): TokenEvent[] {
  return Array.from({ length: FAILURES }, (_, i) => {
    const spray = i % 100 === 0;
    return tokenEvent({
      at: NOW - 70 * 60_000 + Math.floor((i * 70 * 60_000) / FAILURES),
      token_id: `tok-${String(i % TOKENS).padStart(7, '0')}`,
      ip: spray ? `203.0.113.${(i / 100) % 20}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      kind: 'token.auth_failed',
      outcome: 'failure',
      event_id: `f-${i}`,
    });
  });
}

async function measure(
  name: string,
  stores: {
    events: EventStore & IpFailureReader;
    tokens: TokenRegistry;
    alerts: AlertStore;
    suppressions: SuppressionStore;
  },
) {
  const tokens = registry();
  for (let i = 0; i < tokens.length; i += 5000) await stores.tokens.upsertTokens(tokens.slice(i, i + 5000));
  const events = failures();
  for (let i = 0; i < events.length; i += 50_000) await stores.events.appendEvents(events.slice(i, i + 50_000));
  const now = () => NOW;

  let t = performance.now();
  let listed = 0;
  for (let after: string | undefined; ;) {
    const page = await stores.tokens.listTokens({ ...(after ? { after } : {}), limit: 1000 });
    listed += page.length;
    if (page.length < 1000) break;
    after = page.at(-1)!.token_id;
  }
  const readOnly = (performance.now() - t) / 1000;
  t = performance.now();
  const first = await runPolicyScan({ ...stores, policy: DEFAULT_POLICY, now });
  const firstS = (performance.now() - t) / 1000;
  t = performance.now();
  const again = await runPolicyScan({ ...stores, policy: DEFAULT_POLICY, now });
  const againS = (performance.now() - t) / 1000;
  console.log(
    `${name} policy scan: ${listed} tokens; registry read alone ${readOnly.toFixed(2)} s; first scan ` +
      `${firstS.toFixed(2)} s (${first.created} alerts created); repeat scan ${againS.toFixed(2)} s ` +
      `(${again.created} created, ${again.repeated} repeated)`,
  );

  const range = { from: NOW - 2 * 3_600_000, to: NOW + 3_600_000 };
  t = performance.now();
  const counted = await stores.events.countEvents(range);
  const countS = (performance.now() - t) / 1000;
  t = performance.now();
  const scan = await runIpSprayScan({ ...stores, settings, intervalMs: 30_000, now });
  const scanS = (performance.now() - t) / 1000;
  console.log(
    `${name} per-IP scan: ${counted} failures in range (count alone ${countS.toFixed(2)} s); scan ${scanS.toFixed(2)} s, ` +
      `${scan.rows} rows of qualifying IPs, ${scan.created} alerts`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'tw-bench-checks-'));
const duck = await openDuckDbStores(join(dir, 'bench.duckdb'));
try {
  await measure('DuckDB', duck);
} finally {
  await duck.close();
  await rm(dir, { recursive: true, force: true });
}
const { clickhouseUrl } = testServices();
const database = uniqueName('bench_checks');
const db = await openClickHouse({ url: clickhouseUrl, database, requestTimeoutMs: 300_000 });
try {
  await migrate(db);
  await measure('ClickHouse', {
    events: createClickHouseEventStore(db),
    tokens: createClickHouseTokenRegistry(db),
    alerts: createClickHouseAlertStore(db),
    suppressions: createClickHouseSuppressionStore(db),
  });
} finally {
  await db.close();
  await dropDatabase({ url: clickhouseUrl }, database);
}
