/**
 * API latency over a large ClickHouse data set: p50/p95/p99 of the token list, the alert list and the usage
 * report through the whole HTTP stack (app.inject: auth, validation, serialisation), with the bare ReadModel
 * call measured in the same run as the baseline (the difference is what the API itself costs).
 *
 * Data is generated server-side with INSERT … SELECT FROM numbers(), never through Node: by default 10 million
 * events over 30 days, 10,000 tokens and 50,000 alerts.
 *
 *   npx tsx bench/api.ts [--events 10000000] [--tokens 10000] [--alerts 50000] [--requests 100] [--keep]
 * Needs CLICKHOUSE_URL (eval "$(bash scripts/services.sh env)"). --keep leaves the database (tw_bench_api) for a
 * rerun with --reuse.
 */
import { parseArgs } from 'node:util';
import { dropDatabase, migrate, openClickHouse, sql, type ClickHouse } from '@tokenwatch/clickhouse';
import { buildApp, generateApiKey } from '@tokenwatch/api';
import {
  createClickHouseAlertStore,
  createClickHouseApiKeyStore,
  createClickHouseEventStore,
  createClickHouseReadModel,
  createClickHouseSuppressionStore,
} from '@tokenwatch/store-clickhouse';
import { testServices } from '@tokenwatch/testkit';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    tokens: { type: 'string', default: '10000' },
    alerts: { type: 'string', default: '50000' },
    requests: { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(args.events);
const TOKENS = Number(args.tokens);
const ALERTS = Number(args.alerts);
const REQUESTS = Number(args.requests);
const DATABASE = 'tw_bench_api';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 0, 0, 0);
const START_S = (NOW - 30 * DAY) / 1000;
const SPAN_S = 30 * 86_400;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await fn();
  console.log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return result;
}

async function generate(db: ClickHouse) {
  await timed(`${TOKENS} tokens`, () =>
    db.command(sql`INSERT INTO tokens (token_id, source, token_name, owner_id, owner_email, tenant, site, status,
      scopes, created_at_ms, expires_at_ms, revoked_at_ms, last_used_at_ms, first_seen_at_ms, updated_at_ms)
      SELECT concat('tok-', toString(number)), if(number % 2 = 0, 'tableau_cloud', 'github'),
             concat('token ', toString(number)), concat('owner-', toString(number % 500)),
             concat('owner', toString(number % 500), '@example.com'), 'tenant', 'site',
             multiIf(number % 10 = 0, 'revoked', number % 10 = 1, 'expired', 'active'), [],
             toUInt64(${NOW - 200 * DAY}), if(number % 4 = 0, NULL, toUInt64(${NOW}) + number * 3600000), NULL,
             if(number % 7 = 0, NULL, toUInt64(${NOW}) - (number % 90) * ${DAY}),
             toUInt64(${NOW - 200 * DAY}), toUInt64(${NOW - DAY})
      FROM numbers(${TOKENS})`),
  );
  // Busy tokens are busier (token ids skewed towards 0); each token uses its own /24, except 1 event in 1,000 that
  // comes from a random network (the "new networks"); 1 in 20 events fails.
  const CHUNK = 1_000_000;
  for (let offset = 0; offset < EVENTS; offset += CHUNK) {
    const n = Math.min(CHUNK, EVENTS - offset);
    await timed(`events ${offset + n}/${EVENTS}`, () =>
      db.command(sql`INSERT INTO events (event_id, schema_version, source, source_event_type, kind, occurred_at,
          occurred_at_ms, received_at_ms, token_id, token_name, owner_id, owner_email, tenant, site, ip, network, asn,
          country, user_agent, request_method, request_path, outcome, outcome_reason, scopes, expires_at_ms, raw)
        SELECT concat('bench-', toString(k)), 1, 'tableau_cloud', 'login_authentication',
               if(k % 20 = 0, 'token.auth_failed', 'token.used'),
               toDateTime(${START_S} + intHash32(k) % ${SPAN_S}) AS t, toUInt64(t) * 1000 + k % 1000,
               toUInt64(t) * 1000 + 5000, concat('tok-', toString(tok)), '', '', '', 'tenant', 'site',
               if(k % 1000 = 0,
                  concat('172.', toString(16 + intHash32(k * 3) % 16), '.', toString(intHash32(k * 5) % 256), '.9'),
                  concat('10.', toString(tok % 250), '.', toString(intDiv(tok, 250) % 250), '.', toString(k % 200))) AS ip,
               concat(arrayStringConcat(arraySlice(splitByChar('.', ip), 1, 3), '.'), '.0/24'),
               toUInt32(64500 + k % 40), ['NL', 'US', 'DE', 'FR', 'BR'][k % 5 + 1],
               ['tableau-client/1', 'curl/8', 'python-requests/2.31'][k % 3 + 1], 'POST', '/api/3.22/auth/signin',
               if(k % 20 = 0, 'failure', 'success'), if(k % 20 = 0, 'unauthorized', ''), [], NULL, '{}'
        FROM (SELECT k, toUInt32(pow((intHash32(k * 7) % 1000000) / 1000000, 3) * ${TOKENS}) AS tok
              FROM (SELECT number + ${offset} AS k FROM numbers(${n})))`),
    );
  }
  const detectors = ['new_ip', 'volume_spike', 'concurrent_use', 'use_after_revocation', 'auth_failure_burst'];
  const statuses = ['open', 'acknowledged', 'resolved', 'false_positive'];
  const severities = ['low', 'medium', 'high', 'critical'];
  await timed(`${ALERTS} alerts`, () =>
    db.command(sql`INSERT INTO alerts (alert_id, detector, severity, status, token_id, source, ip, user_agent, title,
      explanation, evidence, first_seen_at_ms, last_seen_at_ms, count, assignee, created_at_ms, updated_at_ms)
      SELECT concat('alert-', toString(number)), ${detectors}[number % 5 + 1], ${severities}[number % 4 + 1],
             ${statuses}[intHash32(number) % 4 + 1], concat('tok-', toString(number % ${TOKENS})), 'tableau_cloud',
             concat('10.0.', toString(number % 200), '.1'), '', concat('alert ', toString(number)),
             'token used from a network never seen before', '{"event_ids":[],"values":{}}',
             toUInt64(${NOW}) - (number % 30) * ${DAY} - 3600000, toUInt64(${NOW}) - (number % 30) * ${DAY} + number % 1000,
             1 + number % 5, '', toUInt64(${NOW - 30 * DAY}), toUInt64(${NOW - 30 * DAY})
      FROM numbers(${ALERTS})`),
  );
  await timed('OPTIMIZE tokens/alerts FINAL', async () => {
    await db.command(sql`OPTIMIZE TABLE tokens FINAL`);
    await db.command(sql`OPTIMIZE TABLE alerts FINAL`);
  });
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

async function measure(n: number, fn: (i: number) => Promise<void>) {
  await fn(0); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

async function main() {
  const { clickhouseUrl } = testServices();
  if (!args.reuse) await dropDatabase({ url: clickhouseUrl }, DATABASE);
  const db = await openClickHouse({ url: clickhouseUrl, database: DATABASE, requestTimeoutMs: 600_000 });
  await migrate(db);
  if (!args.reuse) {
    console.log(`generating ${EVENTS} events, ${TOKENS} tokens, ${ALERTS} alerts (server-side):`);
    await generate(db);
  }
  const [counts] = await db.query<{ events: string; tokens: string; alerts: string }>(
    sql`SELECT (SELECT count() FROM events) AS events, (SELECT count() FROM tokens) AS tokens,
               (SELECT count() FROM alerts) AS alerts`,
  );
  console.log(`data: ${counts!.events} events, ${counts!.tokens} tokens, ${counts!.alerts} alerts`);

  const readModel = createClickHouseReadModel(db);
  const apiKeys = createClickHouseApiKeyStore(db);
  const key = generateApiKey({ name: 'bench', scopes: ['read'], createdBy: 'bench', now: NOW });
  await apiKeys.put(key.record);
  const app = await buildApp(
    {
      readModel,
      alerts: createClickHouseAlertStore(db),
      suppressions: createClickHouseSuppressionStore(db),
      apiKeys,
      keyUse: createClickHouseEventStore(db),
      now: () => NOW,
    },
    { logLevel: false, rateLimitPerMinute: 1_000_000 },
  );
  const headers = { authorization: `Bearer ${key.secret}` };
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  };

  const cases: { name: string; url: (i: number) => string; direct: (i: number) => Promise<unknown>; n: number }[] = [
    {
      name: 'token list (page of 50, varying filters)',
      n: REQUESTS,
      url: (i) =>
        [
          '/v1/tokens?limit=50',
          '/v1/tokens?status=active&limit=50',
          `/v1/tokens?owner=owner-${i % 500}`,
          '/v1/tokens?stale_days=30&limit=50',
          '/v1/tokens?expiring_days=30',
        ][i % 5]!,
      direct: (i) =>
        readModel.listTokens(
          [
            { limit: 50, now: NOW },
            { limit: 50, now: NOW, status: 'active' as const },
            { limit: 50, now: NOW, owner: `owner-${i % 500}` },
            { limit: 50, now: NOW, staleForMs: 30 * DAY },
            { limit: 50, now: NOW, expiringWithinMs: 30 * DAY },
          ][i % 5]!,
        ),
    },
    {
      name: 'alert list (page of 50, varying filters)',
      n: REQUESTS,
      url: (i) =>
        [
          '/v1/alerts?limit=50',
          '/v1/alerts?status=open,acknowledged',
          '/v1/alerts?severity=critical&detector=new_ip',
          `/v1/alerts?token_id=tok-${i}`,
          `/v1/alerts?from=${NOW - 7 * DAY}`,
        ][i % 5]!,
      direct: (i) =>
        readModel.listAlerts(
          [
            { limit: 50 },
            { limit: 50, status: ['open', 'acknowledged'] as const },
            { limit: 50, severity: ['critical'] as const, detector: ['new_ip'] as const },
            { limit: 50, tokenId: `tok-${i}` },
            { limit: 50, from: NOW - 7 * DAY },
          ][i % 5]!,
        ),
    },
    {
      name: 'usage report (7 days, top 10)',
      n: Math.max(5, Math.floor(REQUESTS / 10)),
      url: () => `/v1/reports/usage?from=${NOW - 7 * DAY}&to=${NOW}`,
      direct: () => readModel.usageReport({ from: NOW - 7 * DAY, to: NOW, limit: 10 }),
    },
    {
      name: 'usage report (1 day, top 10)',
      n: Math.max(5, Math.floor(REQUESTS / 10)),
      url: () => `/v1/reports/usage?from=${NOW - DAY}&to=${NOW}`,
      direct: () => readModel.usageReport({ from: NOW - DAY, to: NOW, limit: 10 }),
    },
  ];
  console.log('\nlatency in ms (sequential requests after one warm-up)');
  console.log(
    'case'.padEnd(44) + 'n'.padStart(5) + '   API p50 / p95 / p99'.padEnd(28) + '   ReadModel p50 / p95 / p99',
  );
  for (const c of cases) {
    const api = await measure(c.n, (i) => get(c.url(i)));
    const direct = await measure(c.n, async (i) => void (await c.direct(i)));
    const fmt = (p: { p50: number; p95: number; p99: number }) =>
      `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)} / ${p.p99.toFixed(1)}`;
    console.log(c.name.padEnd(44) + String(c.n).padStart(5) + '   ' + fmt(api).padEnd(25) + '   ' + fmt(direct));
  }
  await app.close();
  await db.close();
  if (!args.keep) await dropDatabase({ url: clickhouseUrl }, DATABASE);
}

await main();
