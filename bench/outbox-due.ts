/**
 * The webhook dispatcher polls `OutboxStore.due` every WEBHOOK_POLL_INTERVAL. This measures that query on a
 * ClickHouse outbox with a long history of settled deliveries (each with its pending and delivered versions and a
 * 2 KiB body, merged or not) and a few due ones, against the previous single-query form (newest version of every
 * delivery, bodies included) as the baseline, in the same run.
 *
 *   eval "$(bash scripts/services.sh env)"; npx tsx bench/outbox-due.ts [--settled 300000] [--due 50] [--runs 20]
 */
import { parseArgs } from 'node:util';
import { dropDatabase, migrate, openClickHouse, sql } from '@tokenwatch/clickhouse';
import { createClickHouseOutboxStore } from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName } from '@tokenwatch/testkit';

const { values: args } = parseArgs({
  options: {
    settled: { type: 'string', default: '300000' },
    due: { type: 'string', default: '50' },
    runs: { type: 'string', default: '20' },
  },
});
const SETTLED = Number(args.settled);
const DUE = Number(args.due);
const RUNS = Number(args.runs);
const NOW = Date.UTC(2026, 10, 28);
const BODY = 'x'.repeat(2048);

const { clickhouseUrl } = testServices();
const database = uniqueName('tw_bench_outbox');
const db = await openClickHouse({ url: clickhouseUrl, database });
await migrate(db);
const store = createClickHouseOutboxStore(db);

const insert = (count: number, offset: number, state: string, version: number) =>
  db.command(sql`INSERT INTO webhook_outbox
    SELECT concat('dlv_', toString(number + ${offset})), 'sub', concat('alert-', toString(number)), 'alert.raised',
           ${BODY}, 'application/json', ${state}, ${version - 1}, ${NOW - 3_600_000}, ${state === 'delivered' ? 200 : 0}, '',
           toDateTime(${Math.floor(NOW / 1000) - 86_400}), ${NOW - 86_400_000}, ${NOW - 3_600_000}, ${version}
    FROM numbers(${count})`);

async function measure(label: string, fn: () => Promise<number>) {
  await fn();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    rows = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`  ${label.padEnd(34)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms  (${rows} due)`);
}

const previous = () =>
  db.query(sql`SELECT delivery_id, argMax(state, version) AS v_state, argMax(next_attempt_at_ms, version) AS v_next,
      any(body) AS v_body FROM webhook_outbox GROUP BY delivery_id
      HAVING v_state = 'pending' AND v_next <= ${NOW} ORDER BY v_next, delivery_id LIMIT 50`);

try {
  await insert(SETTLED, 0, 'pending', 1);
  await insert(SETTLED, 0, 'delivered', 2);
  await insert(DUE, SETTLED, 'pending', 1);
  console.log(`outbox: ${SETTLED} settled deliveries (2 versions each, 2 KiB bodies), ${DUE} due`);
  console.log('before merges:');
  await measure('previous query (one pass, bodies)', async () => (await previous()).length);
  await measure('OutboxStore.due (ids first)', async () => (await store.due(NOW, 50)).length);
  await db.command(sql`OPTIMIZE TABLE webhook_outbox FINAL`);
  console.log('after merges:');
  await measure('previous query (one pass, bodies)', async () => (await previous()).length);
  await measure('OutboxStore.due (ids first)', async () => (await store.due(NOW, 50)).length);
} finally {
  await db.close();
  await dropDatabase({ url: clickhouseUrl }, database);
}
