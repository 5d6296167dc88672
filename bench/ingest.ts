/**
 * Ingest throughput and latency, with two baselines measured in the same run on the same topic:
 *   1. a kafkajs consumer that does no work (the ceiling for any kafkajs-based consumer),
 *   2. ClickHouse's own Kafka table engine reading the topic into a MergeTree table (the native path).
 * Then tokenwatch ingest (normalise + validate + dedup + durable write + commit) on the same topic, and the p99
 * time from produce to queryable at a steady rate.
 *
 * Also a third figure: the bare consumer plus a JSON.parse of every message, the least work any validating consumer
 * does — its ratio to the bare consumer bounds what any validating consumer can reach on this machine.
 *
 * And, with --processes N (default 2; 1 skips it), N real `tokenwatch ingest` processes sharing the partitions.
 *
 *   npx tsx bench/ingest.ts [--messages 200000] [--partitions 6] [--rate 2000] [--seconds 15] [--processes 2]
 * Needs CLICKHOUSE_URL and KAFKA_BROKERS (eval "$(bash scripts/services.sh env)").
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import {
  dropDatabase,
  migrate,
  openClickHouse,
  quoteString,
  sql,
  unsafeRaw,
  type ClickHouse,
} from '@tokenwatch/clickhouse';
import { createIngestMetrics, loadIngestEnv, startIngestConsumer } from '@tokenwatch/ingest';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';
import { createClickHouseEventStore } from '@tokenwatch/store-clickhouse';
import { generateMixedRecords, testServices, uniqueName } from '@tokenwatch/testkit';
import { ensureProcessFlags } from './node-flags';

ensureProcessFlags();
const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    partitions: { type: 'string', default: '6' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '15' },
    processes: { type: 'string', default: '2' },
  },
});
const MESSAGES = Number(args.messages);
const PARTITIONS = Number(args.partitions);
const { clickhouseUrl, kafkaBrokers } = testServices();
const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'bench-ingest', logLevel: 1 });
const log = pino({ level: 'warn' });
/** The consumer settings `tokenwatch ingest` runs with when nothing is configured: what a deployment gets. */
const defaults = loadIngestEnv({});
const SHIPPED = {
  batchMaxEvents: defaults.INGEST_BATCH_MAX_EVENTS,
  batchMaxWaitMs: defaults.INGEST_BATCH_MAX_WAIT,
  flushConcurrency: defaults.INGEST_FLUSH_CONCURRENCY,
  fetchMaxWaitMs: defaults.INGEST_FETCH_MAX_WAIT,
  partitionsConcurrently: defaults.INGEST_PARTITIONS_CONCURRENTLY,
  retryBaseMs: defaults.INGEST_RETRY_BASE,
  retryCapMs: defaults.INGEST_RETRY_CAP,
  shutdownGraceMs: defaults.INGEST_SHUTDOWN_GRACE,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await sleep(50);
  }
}

/** Waits until `groupId` has committed every partition of `topic` up to its end. */
async function waitUntilAllCommitted(groupId: string, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await waitUntil(async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map(committed?.partitions.map((p) => [p.partition, p.offset]) ?? []);
      return ends.every((end) => at.get(end.partition) === end.high);
    });
  } finally {
    await admin.disconnect();
  }
}

async function produce(topic: string, count: number) {
  const records = generateMixedRecords(count, { seed: 7 });
  const producer = kafka.producer();
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < records.length; i += 5000) {
    await producer.send({
      topic,
      acks: 1,
      messages: records.slice(i, i + 5000).map((r) => ({ key: r.key, value: r.bytes })),
    });
  }
  await producer.disconnect();
  return { records, seconds: (performance.now() - started) / 1000 };
}

/**
 * Baseline 1: read everything, commit per batch, do nothing else. With `parse`, also decode and JSON.parse every
 * message: the least work any consumer that validates its input must do, so its rate bounds ours from above.
 */
async function bareConsumer(topic: string, expected: number, parse = false) {
  const consumer = kafka.consumer({ groupId: uniqueName('bench_bare'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let parsed = 0;
  const started = performance.now();
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: PARTITIONS,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (parse) for (const m of batch.messages) if (parseRecordBytes(m.value ?? '').ok) parsed++;
      seen += batch.messages.length;
      await consumer.commitOffsets([
        { topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
      ]);
      resolveOffset(batch.lastOffset());
    },
  });
  await waitUntil(async () => seen >= expected);
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  if (parse && parsed === 0) throw new Error('parse-only baseline parsed nothing');
  return seconds;
}

/** Baseline 2: ClickHouse's Kafka engine → materialized view → MergeTree, one String column per message. */
async function kafkaEngine(db: ClickHouse, topic: string, expected: number) {
  const group = uniqueName('bench_chkafka');
  await db.command(sql`CREATE TABLE native_sink (raw String) ENGINE = MergeTree ORDER BY tuple()`);
  // ClickHouse 18.16's Kafka engine starts at the end of the topic when its group has no offsets: give it
  // committed offsets at the beginning so it reads the same messages the other consumers read.
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({
    groupId: group,
    topic,
    partitions: [...Array(PARTITIONS).keys()].map((partition) => ({ partition, offset: '0' })),
  });
  await admin.disconnect();
  const settings = [
    `kafka_broker_list = ${quoteString(kafkaBrokers.join(','))}`,
    `kafka_topic_list = ${quoteString(topic)}`,
    `kafka_group_name = ${quoteString(group)}`,
    `kafka_format = 'TSV'`,
    `kafka_row_delimiter = '\\n'`,
    `kafka_num_consumers = 1`,
  ].join(', ');
  const started = performance.now();
  // Values above are quoted by quoteString; the settings clause itself is fixed text of this benchmark.
  await db.command(unsafeRaw(`CREATE TABLE native_queue (raw String) ENGINE = Kafka SETTINGS ${settings}`));
  await db.command(sql`CREATE MATERIALIZED VIEW native_mv TO native_sink AS SELECT raw FROM native_queue`);
  let last = -1;
  let stableSince = performance.now();
  let reachedAt = 0;
  await waitUntil(async () => {
    const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM native_sink`);
    const n = Number(row?.n ?? 0);
    if (n !== last) {
      last = n;
      stableSince = performance.now();
      reachedAt = performance.now();
    }
    // Broken TSV lines may be skipped; stop when everything arrived or the count stopped moving for 5 s.
    return n >= expected || (n > 0 && performance.now() - stableSince > 5000);
  });
  await db.command(sql`DROP TABLE native_mv`);
  await db.command(sql`DROP TABLE native_queue`);
  return { seconds: (reachedAt - started) / 1000, rows: last };
}

async function tokenwatchIngest(db: ClickHouse, topic: string, expectedEvents: number) {
  const metrics = createIngestMetrics();
  const groupId = uniqueName('bench_tw');
  const started = performance.now();
  const consumer = await startIngestConsumer({
    kafka,
    topic,
    dlqTopic: `${topic}_dlq`,
    groupId,
    store: createClickHouseEventStore(db),
    normalise: { normaliseRecord, parseRecordBytes },
    metrics,
    log,
    ...SHIPPED,
  });
  // Done when every offset is committed (ingest commits only what is durable in ClickHouse) — the same "read it
  // all" point the bare consumer is timed to; a row count alone could be reached early by redelivered duplicates.
  await waitUntilAllCommitted(groupId, topic);
  const seconds = (performance.now() - started) / 1000;
  await consumer.stop();
  const [row] = await db.query<{ n: string }>(sql`SELECT uniqExact(event_id) AS n FROM events`);
  if (Number(row?.n) !== expectedEvents) throw new Error(`expected ${expectedEvents} events, found ${row?.n}`);
  return seconds;
}

/**
 * Scale-out figure: `processes` real `tokenwatch ingest` processes (bin/tokenwatch, the shipped settings) share the
 * topic's partitions in one group, writing to a database of their own. Timed from the first process's start-up log
 * (before it connects to Kafka, so group joins and the rebalance when the others join are included) until every
 * offset is committed.
 */
async function tokenwatchIngestProcesses(topic: string, expectedEvents: number, processes: number) {
  const groupDb = await openClickHouse({ url: clickhouseUrl, database: `${database}_group` });
  const groupId = uniqueName('bench_tw_group');
  let started: number | undefined;
  const children = Array.from({ length: processes }, () => {
    const child = spawn(join(import.meta.dirname, '..', 'bin', 'tokenwatch'), ['ingest'], {
      env: {
        ...process.env,
        CLICKHOUSE_URL: clickhouseUrl,
        CLICKHOUSE_DATABASE: groupDb.database,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        INGEST_TOPIC: topic,
        INGEST_DLQ_TOPIC: `${topic}_dlq`,
        INGEST_GROUP_ID: groupId,
        INGEST_METRICS_PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (started === undefined && chunk.toString().includes('migrations applied')) started = performance.now();
    });
    return child;
  });
  try {
    await waitUntilAllCommitted(groupId, topic);
    const seconds = (performance.now() - (started ?? performance.now())) / 1000;
    const [row] = await groupDb.query<{ n: string }>(sql`SELECT uniqExact(event_id) AS n FROM events`);
    if (Number(row?.n) !== expectedEvents) throw new Error(`expected ${expectedEvents} events, found ${row?.n}`);
    return seconds;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
    await groupDb.close();
    await dropDatabase({ url: clickhouseUrl }, groupDb.database);
  }
}

/** Steady produce at `rate`/s of canonical events; each event's produce-ack → first-visible time. */
async function latency(db: ClickHouse, rate: number, seconds: number) {
  const topic = uniqueName('bench_latency');
  await ensureTopics(kafka, [{ topic, numPartitions: PARTITIONS }]);
  const consumer = await startIngestConsumer({
    kafka,
    topic,
    dlqTopic: `${topic}_dlq`,
    groupId: uniqueName('bench_lat'),
    store: createClickHouseEventStore(db),
    normalise: { normaliseRecord, parseRecordBytes },
    metrics: createIngestMetrics(),
    log,
    ...SHIPPED,
  });
  await sleep(3000); // let the group settle
  const producer = kafka.producer();
  await producer.connect();
  const producedAt = new Map<string, number>();
  const visibleAt = new Map<string, number>();
  let polling = true;
  let lastSend = performance.now();
  const poller = (async () => {
    while (polling || visibleAt.size < producedAt.size) {
      const rows = await db.query<{ event_id: string }>(
        sql`SELECT event_id FROM events WHERE source_event_type = 'latency.probe'`,
      );
      const at = performance.now();
      for (const r of rows) if (!visibleAt.has(r.event_id)) visibleAt.set(r.event_id, at);
      await sleep(20);
      if (!polling && performance.now() > lastSend + 30_000) break;
    }
  })();
  const perTick = Math.max(1, Math.round(rate / 50));
  const ticks = seconds * 50;
  for (let t = 0; t < ticks; t++) {
    const tickStart = performance.now();
    const messages = Array.from({ length: perTick }, (_, i) => {
      const id = `lat-${t}-${i}`;
      const token = `tok-${(t * perTick + i) % 1000}`;
      return {
        key: token,
        value: JSON.stringify({
          schema_version: 1,
          event_id: id,
          source: 'generic',
          source_event_type: 'latency.probe',
          kind: 'token.used',
          occurred_at: Date.now(),
          token_id: token,
          outcome: 'success',
        }),
      };
    });
    await producer.send({ topic, acks: 1, messages });
    const acked = performance.now();
    for (const m of messages) producedAt.set((JSON.parse(m.value) as { event_id: string }).event_id, acked);
    lastSend = acked;
    const spare = 20 - (performance.now() - tickStart);
    if (spare > 0) await sleep(spare);
  }
  polling = false;
  await poller;
  await producer.disconnect();
  await consumer.stop();
  const latencies = [...producedAt]
    .filter(([id]) => visibleAt.has(id))
    .map(([id, t]) => visibleAt.get(id)! - t)
    .sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    sent: producedAt.size,
    seen: latencies.length,
    p50: q(0.5),
    p99: q(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

const database = uniqueName('tw_bench_ingest');
const db = await openClickHouse({ url: clickhouseUrl, database });
try {
  await migrate(db);
  const topic = uniqueName('bench_ingest');
  await ensureTopics(kafka, [{ topic, numPartitions: PARTITIONS }]);
  console.log(`producing ${fmt(MESSAGES)} mixed-source records to ${topic} (${PARTITIONS} partitions)…`);
  const produced = await produce(topic, MESSAGES);
  console.log(`  produced in ${produced.seconds.toFixed(1)} s (${fmt(MESSAGES / produced.seconds)} msg/s)`);
  const expectedEvents = new Set(
    produced.records.flatMap((r) => {
      const p = parseRecordBytes(r.bytes);
      const n = p.ok ? normaliseRecord(p.record, { now: Date.now() }) : undefined;
      return n?.ok ? n.events.map((e) => e.event_id) : [];
    }),
  ).size;

  console.log('baseline 1: kafkajs consumer doing no work…');
  const bare = await bareConsumer(topic, MESSAGES);
  console.log(`  ${bare.toFixed(2)} s → ${fmt(MESSAGES / bare)} msg/s`);

  console.log('baseline 1b: kafkajs consumer that only decodes and JSON.parses each message…');
  const parseOnly = await bareConsumer(topic, MESSAGES, true);
  console.log(`  ${parseOnly.toFixed(2)} s → ${fmt(MESSAGES / parseOnly)} msg/s`);

  console.log('baseline 2: ClickHouse Kafka engine → MergeTree…');
  const native = await kafkaEngine(db, topic, MESSAGES);
  console.log(
    `  ${native.seconds.toFixed(2)} s for ${fmt(native.rows)} rows → ${fmt(native.rows / native.seconds)} msg/s`,
  );

  console.log('tokenwatch ingest (normalise, validate, dedup, durable write, commit)…');
  const ours = await tokenwatchIngest(db, topic, expectedEvents);
  console.log(`  ${ours.toFixed(2)} s → ${fmt(MESSAGES / ours)} msg/s`);

  const processes = Number(args.processes);
  let group: number | undefined;
  if (processes > 1) {
    console.log(`tokenwatch ingest as ${processes} processes in one group (scale-out by partitions)…`);
    group = await tokenwatchIngestProcesses(topic, expectedEvents, processes);
    console.log(`  ${group.toFixed(2)} s → ${fmt(MESSAGES / group)} msg/s`);
  }

  console.log(`latency: ${args.rate} events/s for ${args.seconds} s…`);
  const lat = await latency(db, Number(args.rate), Number(args.seconds));
  console.log(
    `  ${lat.seen}/${lat.sent} visible; produce→queryable p50 ${lat.p50.toFixed(0)} ms, p99 ${lat.p99.toFixed(0)} ms, max ${lat.max.toFixed(0)} ms`,
  );

  console.log('\nsummary');
  console.log(`  tokenwatch ingest      ${fmt(MESSAGES / ours)} msg/s`);
  console.log(
    `  bare kafkajs consumer  ${fmt(MESSAGES / bare)} msg/s   ratio ${(bare / ours).toFixed(2)} (target ≥ 0.8)`,
  );
  console.log(
    `  kafkajs + JSON.parse   ${fmt(MESSAGES / parseOnly)} msg/s   ratio ${(parseOnly / ours).toFixed(2)}; its own ratio to the bare consumer ${(bare / parseOnly).toFixed(2)}`,
  );
  console.log(
    `  ClickHouse Kafka engine ${fmt(native.rows / native.seconds)} msg/s   ratio ${(MESSAGES / ours / (native.rows / native.seconds)).toFixed(2)} (target ≥ 0.6)`,
  );
  if (group !== undefined) {
    const nativeRate = native.rows / native.seconds;
    console.log(
      `  ${processes} ingest processes   ${fmt(MESSAGES / group)} msg/s   ratio to the Kafka engine ${(MESSAGES / group / nativeRate).toFixed(2)}, to the bare consumer ${(bare / group).toFixed(2)}`,
    );
  }
  console.log(`  produce→queryable p99  ${lat.p99.toFixed(0)} ms at ${args.rate} events/s`);
} finally {
  await db.close();
  await dropDatabase({ url: clickhouseUrl }, database);
}
process.exit(0);
