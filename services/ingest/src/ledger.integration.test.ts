/**
 * The ledger: what goes into Kafka must come out in ClickHouse exactly — every valid event once, every invalid
 * record as a dead letter with its reason — also when ingest is SIGKILLed mid-stream, when instances join and leave
 * (rebalances), and when ClickHouse goes away for 20 seconds. Ingest runs as a real child process (`tokenwatch ingest`) against the real broker and a
 * real ClickHouse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { dropDatabase, openClickHouse, sql, type ClickHouse } from '@tokenwatch/clickhouse';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';
import {
  generateMixedRecords,
  privateClickHouse,
  testServices,
  uniqueName,
  type GeneratedRecord,
} from '@tokenwatch/testkit';

const ROOT = join(import.meta.dirname, '../../..');
const TOTAL = 100_000;
// Generous bounds: on a quiet machine each case takes 25–55 s; a loaded 2-core machine can take several times that.
const LEDGER_WAIT_MS = 480_000;
const CASE_TIMEOUT_MS = 600_000;
const records = generateMixedRecords(TOTAL, { invalidShare: 0.01, duplicateShare: 0.05 });

/** The expected ledger, from the same deterministic normaliser ingest uses. */
function ledgerOf(stream: readonly GeneratedRecord[]) {
  const eventIds = new Set<string>();
  const invalid: GeneratedRecord[] = [];
  for (const r of stream) {
    const parsed = parseRecordBytes(r.bytes);
    const result = parsed.ok ? normaliseRecord(parsed.record, { now: Date.now() }) : undefined;
    if (result?.ok) for (const e of result.events) eventIds.add(e.event_id);
    else invalid.push(r);
  }
  return { eventIds, invalid };
}
const expected = ledgerOf(records);

async function produce(kafka: Kafka, topic: string, stream: readonly GeneratedRecord[]) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < stream.length; i += 5000) {
    await producer.send({
      topic,
      acks: -1,
      messages: stream.slice(i, i + 5000).map((r) => ({ key: r.key, value: r.bytes })),
    });
  }
  await producer.disconnect();
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Run {
  database: string;
  topic: string;
  env: NodeJS.ProcessEnv;
}

function newRun(clickhouseUrl: string): Run {
  const database = uniqueName('tw_ledger');
  const topic = uniqueName('ledger');
  return {
    database,
    topic,
    env: {
      ...process.env,
      CLICKHOUSE_URL: clickhouseUrl,
      CLICKHOUSE_DATABASE: database,
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      INGEST_TOPIC: topic,
      INGEST_DLQ_TOPIC: `${topic}_dlq`,
      INGEST_GROUP_ID: `${topic}_group`,
      INGEST_METRICS_PORT: '0',
      INGEST_RETRY_CAP: '1s',
      // A SIGKILLed member is noticed after the session timeout; keep the test short.
      INGEST_SESSION_TIMEOUT: '8s',
      LOG_LEVEL: 'warn',
    },
  };
}

function startIngest(run: Run): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'services/cli/src/main.ts'), 'ingest'], {
    cwd: ROOT,
    env: run.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[ingest ${child.pid}] ${chunk.toString()}`));
  return child;
}

async function stopIngest(child: ChildProcess, signal: NodeJS.Signals) {
  // A child that died of a signal keeps exitCode null: it has exited all the same, and will not say so again.
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function counts(db: ClickHouse) {
  const [events] = await db.query<{ n: string }>(sql`SELECT uniqExact(event_id) AS n FROM events`);
  const [rows] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM events FINAL`);
  const [dead] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM dead_letters FINAL`);
  return { events: Number(events?.n ?? 0), finalRows: Number(rows?.n ?? 0), deadLetters: Number(dead?.n ?? 0) };
}

/** Asserts the ledger: exactly the valid unique events, and every invalid record dead-lettered with a reason. */
async function assertLedger(db: ClickHouse) {
  const c = await counts(db);
  expect(c.events).toBe(expected.eventIds.size);
  expect(c.finalRows).toBe(expected.eventIds.size);
  const ids = await db.query<{ event_id: string }>(sql`SELECT event_id FROM events FINAL`);
  expect(new Set(ids.map((r) => r.event_id))).toEqual(expected.eventIds);
  const dead = await db.query<{ raw: string; reason: string }>(sql`SELECT raw, reason FROM dead_letters FINAL`);
  expect(dead).toHaveLength(expected.invalid.length);
  expect(new Set(dead.map((d) => d.raw))).toEqual(new Set(expected.invalid.map((r) => r.bytes.toString('utf8'))));
  for (const d of dead) expect(d.reason.length).toBeGreaterThan(3);
}

const isDone = (db: ClickHouse) => async () => {
  const c = await counts(db);
  return c.events === expected.eventIds.size && c.deadLetters === expected.invalid.length;
};

describe('ingest ledger (Kafka → ClickHouse)', () => {
  let kafka: Kafka;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(() => {
    kafka = createKafka({ brokers: testServices().kafkaBrokers, clientId: 'ledger-test' });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  async function setUp(clickhouseUrl: string) {
    const run = newRun(clickhouseUrl);
    await ensureTopics(kafka, [{ topic: run.topic, numPartitions: 6 }]);
    const db = await openClickHouse({ url: clickhouseUrl, database: run.database });
    cleanups.push(async () => {
      await db.close();
      await dropDatabase({ url: clickhouseUrl }, run.database);
    });
    return { run, db };
  }

  it('the generated stream has the intended shape', () => {
    expect(records.filter((r) => r.intent === 'invalid')).toEqual(expected.invalid);
    expect(expected.invalid.length).toBe(TOTAL / 100);
    const duplicates = records.filter((r) => r.intent === 'duplicate').length;
    expect(duplicates).toBeGreaterThanOrEqual(TOTAL * 0.045);
    expect(new Set(['tableau_cloud', 'github', 'aws_cloudtrail', 'databricks', 'generic']).size).toBe(5);
  });

  it(
    'stores exactly the valid unique events and dead-letters every invalid record',
    async () => {
      const { run, db } = await setUp(testServices().clickhouseUrl);
      await produce(kafka, run.topic, records);
      const ingest = startIngest(run);
      try {
        await waitFor('the full ledger', isDone(db), LEDGER_WAIT_MS);
        await assertLedger(db);
        // Sources really are mixed.
        const sources = await db.query<{ source: string }>(sql`SELECT DISTINCT source FROM events ORDER BY source`);
        expect(sources.map((s) => s.source)).toEqual([
          'aws_cloudtrail',
          'databricks',
          'generic',
          'github',
          'tableau_cloud',
        ]);
      } finally {
        await stopIngest(ingest, 'SIGTERM');
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'holds when ingest is killed with SIGKILL mid-stream and restarted',
    async () => {
      const { run, db } = await setUp(testServices().clickhouseUrl);
      const firstHalf = records.slice(0, TOTAL / 2);
      await produce(kafka, run.topic, firstHalf);
      const first = startIngest(run);
      const producing = produce(kafka, run.topic, records.slice(TOTAL / 2));
      await waitFor('some progress', async () => (await counts(db)).events > TOTAL * 0.2, LEDGER_WAIT_MS);
      await stopIngest(first, 'SIGKILL');
      const killedAt = await counts(db);
      expect(killedAt.events).toBeLessThan(expected.eventIds.size);
      await producing;
      const second = startIngest(run);
      try {
        await waitFor('the full ledger after restart', isDone(db), LEDGER_WAIT_MS);
        await assertLedger(db);
      } finally {
        await stopIngest(second, 'SIGTERM');
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'holds across rebalances: instances join mid-stream, one crashes, one leaves',
    async () => {
      const { run, db } = await setUp(testServices().clickhouseUrl);
      const children: ChildProcess[] = [];
      const start = () => {
        const child = startIngest(run);
        children.push(child);
        return child;
      };
      try {
        await produce(kafka, run.topic, records.slice(0, TOTAL / 2));
        const first = start();
        await waitFor('some progress', async () => (await counts(db)).events > TOTAL * 0.1, LEDGER_WAIT_MS);
        // Two more instances join while the first is busy: the group rebalances under load. One then crashes.
        const crashing = start();
        start();
        await produce(kafka, run.topic, records.slice(TOTAL / 2));
        await waitFor('more progress', async () => (await counts(db)).events > TOTAL * 0.4, LEDGER_WAIT_MS);
        await stopIngest(crashing, 'SIGKILL');
        // The first leaves cleanly: it drains what it holds and commits before giving its partitions up.
        await stopIngest(first, 'SIGTERM');
        expect({ code: first.exitCode, signal: first.signalCode }).toEqual({ code: 0, signal: null });
        await waitFor('the full ledger after the rebalances', isDone(db), LEDGER_WAIT_MS);
        await assertLedger(db);
        // Everything read is committed: a restart would re-read nothing.
        const admin = kafka.admin();
        await admin.connect();
        try {
          await waitFor(
            'all offsets committed',
            async () => {
              const ends = await admin.fetchTopicOffsets(run.topic);
              const [committed] = await admin.fetchOffsets({ groupId: run.env.INGEST_GROUP_ID!, topics: [run.topic] });
              const at = new Map(committed?.partitions.map((p) => [p.partition, p.offset]));
              return ends.every((end) => at.get(end.partition) === end.high);
            },
            60_000,
          );
        } finally {
          await admin.disconnect();
        }
      } finally {
        for (const child of children) await stopIngest(child, 'SIGTERM');
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'holds when ClickHouse is stopped for 20 seconds mid-stream',
    async () => {
      const clickhouse = await privateClickHouse();
      await clickhouse.up();
      cleanups.push(() => clickhouse.down());
      const { run, db } = await setUp(clickhouse.url);

      await produce(kafka, run.topic, records.slice(0, TOTAL / 2));
      const ingest = startIngest(run);
      try {
        await waitFor('some progress', async () => (await counts(db)).events > TOTAL * 0.1, LEDGER_WAIT_MS);
        await clickhouse.down();
        const producing = produce(kafka, run.topic, records.slice(TOTAL / 2));
        await new Promise((r) => setTimeout(r, 20_000));
        expect(ingest.exitCode).toBeNull(); // ingest waited instead of dying
        await producing;
        await clickhouse.up();
        await waitFor('the full ledger after ClickHouse came back', isDone(db), LEDGER_WAIT_MS);
        await assertLedger(db);
      } finally {
        await stopIngest(ingest, 'SIGTERM');
      }
    },
    CASE_TIMEOUT_MS,
  );
});
