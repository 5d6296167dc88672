/**
 * Analyzer figures, three parts:
 *   1. memory per active token (pure detector state, after GC), for a typical and a busy token;
 *   2. replay throughput: in memory (detectors only) and from ClickHouse (`replayRange`), with the bare
 *      ClickHouse read of the same range as the baseline;
 *   3. event→alert latency at a sustained rate: `tokenwatch analyze` runs as a child process on its own topic;
 *      probe tokens are revoked and then used, and the time from the use (occurred_at = send time) to the alert
 *      arriving on the alerts topic is measured. Baseline in the same run: produce→consume latency of a bare
 *      kafkajs consumer on the same topic.
 *
 *   node --expose-gc --import tsx bench/analyzer.ts [--rate 5000] [--seconds 30] [--tokens 2000]
 *        [--replay-events 200000] [--memory-tokens 10000] [--parts memory,replay,latency]
 * Needs CLICKHOUSE_URL and KAFKA_BROKERS (eval "$(bash scripts/services.sh env)").
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dropDatabase, migrate, openClickHouse } from '@tokenwatch/clickhouse';
import { replayRange } from '@tokenwatch/analyzer';
import {
  DAY,
  HOUR,
  MIN,
  T0,
  byTime,
  detectorSettings,
  emptyState,
  processEvent,
  replay,
  tokenEvent,
  type TokenState,
} from '@tokenwatch/detectors';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { Alert, TokenEvent } from '@tokenwatch/schema';
import {
  createClickHouseEventStore,
  createClickHouseSuppressionStore,
  createClickHouseTokenRegistry,
} from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName } from '@tokenwatch/testkit';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    tokens: { type: 'string', default: '2000' },
    'replay-events': { type: 'string', default: '200000' },
    'memory-tokens': { type: 'string', default: '10000' },
    parts: { type: 'string', default: 'memory,replay,latency' },
    role: { type: 'string', default: 'bench' },
    topic: { type: 'string' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const TOKENS = Number(args.tokens);
const REPLAY_EVENTS = Number(args['replay-events']);
const MEMORY_TOKENS = Number(args['memory-tokens']);
const settings = detectorSettings();
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const gc = (globalThis as { gc?: () => void }).gc;
function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A token's week: hourly uses from two office IPs, one user agent, a handful of failures. */
function typicalEvents(token_id: string, i: number, from: number, hours: number): TokenEvent[] {
  const out: TokenEvent[] = [];
  for (let h = 0; h < hours; h++) {
    out.push(
      tokenEvent({
        token_id,
        at: from + h * HOUR + (i % 3600) * 1000,
        ip: `10.${(i >> 8) & 255}.${i & 255}.${h % 2 === 0 ? 10 : 11}`,
        user_agent: 'tabcmd/2024.1',
        ...(h % 24 === 3 ? { kind: 'token.auth_failed' as const, outcome: 'failure' as const } : {}),
      }),
    );
  }
  return out;
}

function memoryPerToken(): void {
  if (!gc) console.log('memory: run with node --expose-gc for exact figures');
  const states: TokenState[] = [];
  const before = heap();
  for (let i = 0; i < MEMORY_TOKENS; i++) {
    const state = emptyState(`tok-${i}`);
    for (const e of typicalEvents(`tok-${i}`, i, T0, 7 * 24)) processEvent(state, e, undefined, settings);
    states.push(state);
  }
  const typical = (heap() - before) / MEMORY_TOKENS;
  const busyStates: TokenState[] = [];
  const busyTokens = 50;
  const before2 = heap();
  for (let i = 0; i < busyTokens; i++) {
    const state = emptyState(`busy-${i}`);
    // One event a second for two hours: the de-duplication ids of the allowed lateness (1 h) dominate.
    for (let s = 0; s < 7200; s++) {
      processEvent(
        state,
        tokenEvent({ token_id: `busy-${i}`, at: T0 + s * 1000, ip: '10.0.0.1' }),
        undefined,
        settings,
      );
    }
    busyStates.push(state);
  }
  const busy = (heap() - before2) / busyTokens;
  console.log(
    `memory per active token: ${fmt(typical)} bytes (a week of hourly use, 2 IPs; ${MEMORY_TOKENS} tokens), ` +
      `${fmt(busy)} bytes (1 event/s for 2 h, 1 h allowed lateness; ${busyTokens} tokens)`,
  );
  if (states.length + busyStates.length === 0) console.log('');
}

function replayCorpus(): TokenEvent[] {
  const tokens = Math.max(1, Math.floor(REPLAY_EVENTS / (10 * 24)));
  const events: TokenEvent[] = [];
  for (let i = 0; i < tokens; i++) events.push(...typicalEvents(`r-${i}`, i, T0, 10 * 24));
  // A few incidents so the detectors have work: new networks and revoked tokens used.
  for (let i = 0; i < tokens; i += 50) {
    events.push(tokenEvent({ token_id: `r-${i}`, at: T0 + 9 * DAY + 5 * MIN, ip: '203.0.113.7' }));
    events.push(tokenEvent({ token_id: `r-${i + 1}`, at: T0 + 9 * DAY, kind: 'token.revoked' }));
  }
  return byTime(events);
}

async function replayThroughput(): Promise<void> {
  const events = replayCorpus();
  let t = performance.now();
  const pure = replay(events, { settings, now: Date.now });
  const pureSeconds = (performance.now() - t) / 1000;
  console.log(
    `replay in memory: ${fmt(events.length)} events, ${pure.alerts.length} alerts in ${pureSeconds.toFixed(2)} s ` +
      `= ${fmt(events.length / pureSeconds)} events/s`,
  );
  const { clickhouseUrl } = testServices();
  const database = uniqueName('bench_analyzer');
  const db = await openClickHouse({ url: clickhouseUrl, database, requestTimeoutMs: 300_000 });
  try {
    await migrate(db);
    const store = createClickHouseEventStore(db);
    for (let i = 0; i < events.length; i += 50_000) await store.appendEvents(events.slice(i, i + 50_000));
    const from = T0;
    const to = T0 + 11 * DAY;
    t = performance.now();
    let read = 0;
    let after: { occurred_at: number; event_id: string } | undefined;
    for (;;) {
      const page = await store.readEvents({ from, to, limit: 10_000, ...(after ? { after } : {}) });
      read += page.length;
      if (page.length < 10_000) break;
      after = { occurred_at: page.at(-1)!.occurred_at, event_id: page.at(-1)!.event_id };
    }
    const readSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const result = await replayRange({
      events: store,
      tokens: createClickHouseTokenRegistry(db),
      suppressions: createClickHouseSuppressionStore(db),
      settings,
      from,
      to,
      now: Date.now,
    });
    const rangeSeconds = (performance.now() - t) / 1000;
    console.log(
      `replay from ClickHouse: ${fmt(result.events)} events, ${result.alerts.length} alerts in ${rangeSeconds.toFixed(2)} s ` +
        `= ${fmt(result.events / rangeSeconds)} events/s (baseline: reading the same ${fmt(read)} events alone ` +
        `${readSeconds.toFixed(2)} s = ${fmt(read / readSeconds)} events/s)`,
    );
  } finally {
    await db.close();
    await dropDatabase({ url: clickhouseUrl }, database);
  }
}

async function latency(): Promise<void> {
  const { clickhouseUrl, kafkaBrokers } = testServices();
  const database = uniqueName('bench_analyzer');
  const topic = uniqueName('bench_auth');
  const alertsTopic = uniqueName('bench_alerts');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'bench-analyzer', logLevel: 1 });
  await ensureTopics(kafka, [
    { topic, numPartitions: 6 },
    { topic: alertsTopic, numPartitions: 3 },
  ]);
  const groupId = uniqueName('bench_group');
  // BENCH_ANALYZER_NODE_ARGS: extra node flags for the analyzer process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = process.env.BENCH_ANALYZER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'services/cli/src/main.ts', 'analyze'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLICKHOUSE_URL: clickhouseUrl,
      CLICKHOUSE_DATABASE: database,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      ANALYZER_TOPIC: topic,
      ANALYZER_ALERTS_TOPIC: alertsTopic,
      ANALYZER_GROUP_ID: groupId,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let childOutput = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      childOutput += chunk.toString();
      if (childOutput.includes('analyzer: consuming')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`analyzer exited ${code}: ${childOutput}`)));
  });

  const alertLatencies: number[] = [];
  const alertsConsumer = kafka.consumer({ groupId: uniqueName('bench_alerts_reader'), maxWaitTimeInMs: 20 });
  await alertsConsumer.connect();
  await alertsConsumer.subscribe({ topic: alertsTopic, fromBeginning: true });
  await alertsConsumer.run({
    eachMessage: ({ message }) => {
      const alert = JSON.parse(message.value!.toString()) as Alert;
      if (alert.detector === 'use_after_revocation' && alert.count === 1)
        alertLatencies.push(Date.now() - alert.first_seen_at);
      return Promise.resolve();
    },
  });
  const kafkaLatencies: number[] = [];
  const baseline = kafka.consumer({ groupId: uniqueName('bench_baseline'), maxWaitTimeInMs: 20 });
  await baseline.connect();
  await baseline.subscribe({ topic, fromBeginning: false });
  await baseline.run({
    eachBatch: ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages)
        if (m.key?.toString().startsWith('probe-')) kafkaLatencies.push(now - Number(m.timestamp));
      return Promise.resolve();
    },
  });

  // The load runs in its own process, so producing does not delay the two consumers measured here.
  const load = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--role',
      'load',
      '--topic',
      topic,
      '--rate',
      String(RATE),
      '--seconds',
      String(SECONDS),
      '--tokens',
      String(TOKENS),
    ],
    { cwd: ROOT, env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let loadOutput = '';
  let measuring = false;
  const loadDone = new Promise<{ sent: number; elapsed: number; probes: number; behind: number; ticks: number }>(
    (resolve, reject) => {
      load.stdout.on('data', (chunk: Buffer) => {
        loadOutput += chunk.toString();
        if (!measuring && loadOutput.includes('warmed\n')) {
          measuring = true;
          alertLatencies.length = 0;
          kafkaLatencies.length = 0;
        }
      });
      load.once('exit', (code) => {
        const done = /load: (\{.*\})/.exec(loadOutput);
        if (code === 0 && done) resolve(JSON.parse(done[1]!) as never);
        else reject(new Error(`load generator exited ${code}: ${loadOutput}`));
      });
    },
  );
  const { sent, elapsed, probes: probe, behind, ticks } = await loadDone;
  const admin = kafka.admin();
  await admin.connect();
  const lagOf = async () => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const done = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((s, p) => s + Number(p.high) - Math.max(0, done.get(p.partition) ?? 0), 0);
  };
  const lagAtEnd = await lagOf();
  const drainStart = Date.now();
  while ((await lagOf()) > 0 && Date.now() - drainStart < 120_000) await sleep(250);
  const drain = (Date.now() - drainStart) / 1000;
  await sleep(1000);
  await admin.disconnect();
  alertLatencies.sort((a, b) => a - b);
  kafkaLatencies.sort((a, b) => a - b);
  console.log(
    `sustained load: ${fmt(sent)} events in ${elapsed.toFixed(1)} s = ${fmt(sent / elapsed)} events/s over ${TOKENS} tokens ` +
      `(${behind} of ${ticks} producer ticks late); analyzer lag at the end ${fmt(lagAtEnd)} messages, drained in ${drain.toFixed(1)} s`,
  );
  console.log(
    `event→alert latency (${alertLatencies.length} of ${probe} probes): p50 ${pct(alertLatencies, 50)} ms, ` +
      `p99 ${pct(alertLatencies, 99)} ms, max ${alertLatencies.at(-1)} ms; baseline produce→consume (bare kafkajs, same topic): ` +
      `p50 ${pct(kafkaLatencies, 50)} ms, p99 ${pct(kafkaLatencies, 99)} ms`,
  );
  await alertsConsumer.disconnect();
  await baseline.disconnect();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const counters = /analyzer: (\{.*\})/.exec(
    childOutput
      .split('\n')
      .filter((l) => l.includes('analyzer: {'))
      .at(-1) ?? '',
  );
  if (counters) console.log(`analyzer counters: ${counters[1]}`);
  const timings = childOutput
    .split('\n')
    .filter((l) => l.startsWith('analyzer timings'))
    .at(-1);
  if (timings) console.log(timings);
  await dropDatabase({ url: clickhouseUrl }, database);
}

/**
 * The load generator (`--role load`, started by `latency`): warms every token up, prints `warmed`, then produces
 * RATE events/s for SECONDS seconds in 100 ms ticks (catching up when a tick is late, so the rate is sustained),
 * with a probe (a token revoked and then used) every other tick; prints its figures as `load: {json}`.
 */
async function generateLoad(): Promise<void> {
  const { kafkaBrokers } = testServices();
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'bench-analyzer-load', logLevel: 1 });
  const producer = kafka.producer();
  await producer.connect();
  const topic = args.topic!;
  const probes = SECONDS * 5;
  let seq = 0;
  const background = (n: number, at: number): TokenEvent[] =>
    Array.from({ length: n }, () => {
      const i = seq++ % TOKENS;
      return tokenEvent({
        token_id: `tok-${i}`,
        at,
        ip: `10.${(i >> 8) & 255}.${i & 255}.10`,
        user_agent: 'tabcmd/2024.1',
      });
    });
  const send = (events: TokenEvent[]) =>
    producer.send({
      topic,
      messages: events.map((e) => ({ key: e.token_id, value: JSON.stringify(e), timestamp: String(e.occurred_at) })),
    });

  // Warm-up: every token and probe token is seen once (their state restored), not measured.
  const warm: TokenEvent[] = [...background(TOKENS, Date.now())];
  for (let p = 0; p < probes; p++) warm.push(tokenEvent({ token_id: `probe-${p}`, at: Date.now(), ip: '10.9.9.9' }));
  for (let i = 0; i < warm.length; i += 1000) await send(warm.slice(i, i + 1000));
  await sleep(5000);
  console.log('warmed');

  const tickMs = 100;
  const started = Date.now();
  let sent = 0;
  let background_sent = 0;
  let probe = 0;
  let behind = 0;
  let tick = 0;
  for (; Date.now() - started < SECONDS * 1000; tick++) {
    const wait = started + tick * tickMs - Date.now();
    if (wait > 0) await sleep(wait);
    else behind++;
    const now = Date.now();
    const due = Math.floor(((now - started + tickMs) * RATE) / 1000) - background_sent;
    const events = background(due, now);
    background_sent += due;
    if (tick % 2 === 0 && probe < probes) {
      events.push(tokenEvent({ token_id: `probe-${probe}`, at: now - 1, kind: 'token.revoked' }));
      events.push(tokenEvent({ token_id: `probe-${probe}`, at: now, ip: '10.9.9.9' }));
      probe++;
    }
    await send(events);
    sent += events.length;
  }
  const elapsed = (Date.now() - started) / 1000;
  await producer.disconnect();
  console.log(`load: ${JSON.stringify({ sent, elapsed, probes: probe, behind, ticks: tick })}`);
}

if (args.role === 'load') {
  await generateLoad();
  process.exit(0);
}

const parts = new Set(args.parts.split(','));
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (parts.has('memory')) memoryPerToken();
if (parts.has('replay')) await replayThroughput();
if (parts.has('latency')) await latency();
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
