/**
 * Where the ingest process spends its CPU: produces `--messages` mixed-source records to a fresh topic, then runs
 * the ingest consumer on it with the V8 CPU profiler on (consume phase only) and prints the functions with the
 * most self time. Also writes the .cpuprofile for a closer look (Chrome DevTools → Performance → Load).
 *
 *   npx tsx bench/ingest-profile.ts [--messages 100000] [--top 30] [--out /tmp/ingest.cpuprofile]
 * Needs CLICKHOUSE_URL and KAFKA_BROKERS (eval "$(bash scripts/services.sh env)").
 */
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { dropDatabase, migrate, openClickHouse, sql } from '@tokenwatch/clickhouse';
import { createIngestMetrics, startIngestConsumer } from '@tokenwatch/ingest';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';
import { createClickHouseEventStore } from '@tokenwatch/store-clickhouse';
import { generateMixedRecords, testServices, uniqueName } from '@tokenwatch/testkit';
import { ensureProcessFlags } from './node-flags';

ensureProcessFlags();
const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    partitions: { type: 'string', default: '6' },
    top: { type: 'string', default: '30' },
    'flush-concurrency': { type: 'string', default: '2' },
    'batch-max': { type: 'string', default: '20000' },
    out: { type: 'string', default: '/tmp/ingest.cpuprofile' },
  },
});
const MESSAGES = Number(args.messages);
const PARTITIONS = Number(args.partitions);
const { clickhouseUrl, kafkaBrokers } = testServices();
const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'bench-ingest-profile', logLevel: 1 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Self time per function (summed over all its call sites), largest first. */
export function topSelfTime(profile: Profiler.Profile, top: number): string[] {
  const total = profile.endTime - profile.startTime;
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const samples = profile.samples?.length ?? 1;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules|packages|services)\//, '$1/');
    const name = `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + (hits.get(node.id) ?? 0));
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([name, n]) =>
        `${((n / samples) * 100).toFixed(1).padStart(5)}%  ${(((n / samples) * total) / 1000).toFixed(0).padStart(6)} ms  ${name}`,
    );
}

const database = uniqueName('tw_bench_profile');
const db = await openClickHouse({ url: clickhouseUrl, database });
try {
  await migrate(db);
  const topic = uniqueName('bench_profile');
  await ensureTopics(kafka, [{ topic, numPartitions: PARTITIONS }]);
  const records = generateMixedRecords(MESSAGES, { seed: 7 });
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < records.length; i += 5000)
    await producer.send({
      topic,
      acks: 1,
      messages: records.slice(i, i + 5000).map((r) => ({ key: r.key, value: r.bytes })),
    });
  await producer.disconnect();
  const expected = new Set(
    records.flatMap((r) => {
      const p = parseRecordBytes(r.bytes);
      const n = p.ok ? normaliseRecord(p.record, { now: Date.now() }) : undefined;
      return n?.ok ? n.events.map((e) => e.event_id) : [];
    }),
  ).size;

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const consumer = await startIngestConsumer({
    kafka,
    topic,
    dlqTopic: `${topic}_dlq`,
    groupId: uniqueName('bench_profile'),
    store: createClickHouseEventStore(db),
    normalise: { normaliseRecord, parseRecordBytes },
    metrics: createIngestMetrics(),
    log: pino({ level: 'warn' }),
    batchMaxEvents: Number(args['batch-max']),
    batchMaxWaitMs: 200,
    flushConcurrency: Number(args['flush-concurrency']),
    fetchMaxWaitMs: 100,
    partitionsConcurrently: PARTITIONS,
    retryBaseMs: 200,
    retryCapMs: 5000,
    shutdownGraceMs: 5000,
  });
  for (;;) {
    const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM events`);
    if (Number(row?.n ?? 0) >= expected) break;
    await sleep(50);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  await consumer.stop();
  writeFileSync(args.out, JSON.stringify(profile));
  console.log(
    `${MESSAGES.toLocaleString('en-US')} messages in ${seconds.toFixed(2)} s → ${Math.round(MESSAGES / seconds).toLocaleString('en-US')} msg/s; ` +
      `ingest process CPU ${((used.user + used.system) / 1e6).toFixed(2)} s (${(((used.user + used.system) / 1e6 / seconds) * 100).toFixed(0)}% of one core)`,
  );
  console.log(`top self time (profile in ${args.out}):`);
  for (const line of topSelfTime(profile, Number(args.top))) console.log('  ' + line);
} finally {
  await db.close();
  await dropDatabase({ url: clickhouseUrl }, database);
}
process.exit(0);
