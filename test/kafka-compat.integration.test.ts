/**
 * kafkajs 2.2.4 against the broker version scripts/services.sh runs (infra/kafka/pom.xml): topic creation,
 * keyed produce, consumer groups with manual commits, a consumer stopped half-way and replaced, and a
 * rebalance between two consumers of the same group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { testServices, uniqueName } from '@tokenwatch/testkit';

const MESSAGES = 10_000;
const PARTITIONS = 6;
const KEYS = 250;

interface Seen {
  id: number;
  key: string;
  partition: number;
  offset: bigint;
  consumer: string;
}

describe('kafkajs compatibility with the pinned broker', () => {
  let kafka: Kafka;
  const topic = uniqueName('compat');
  const groupId = uniqueName('compat_group');

  beforeAll(async () => {
    kafka = createKafka({ brokers: testServices().kafkaBrokers, clientId: 'compat-test' });
    await ensureTopics(kafka, [{ topic, numPartitions: PARTITIONS }]);
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the topic with the requested partitions', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]?.partitions).toHaveLength(PARTITIONS);
  });

  it('delivers every message at least once across a stop, and never re-reads a committed one', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let start = 0; start < MESSAGES; start += 1000) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 1000 }, (_, i) => {
          const id = start + i;
          return { key: `token-${id % KEYS}`, value: JSON.stringify({ id }) };
        }),
      });
    }
    await producer.disconnect();

    const seen: Seen[] = [];
    // What consumer A committed, per partition, as it committed it.
    const committedByA = new Map<number, bigint>();

    // The partitions each consumer was last assigned by the group.
    const assignments = new Map<string, number[]>();
    const runConsumer = (name: string, onBatch: (c: Consumer, p: EachBatchPayload) => Promise<void>) => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assignments.set(name, event.payload.memberAssignment[topic] ?? []);
      });
      return {
        consumer,
        started: (async () => {
          await consumer.connect();
          await consumer.subscribe({ topic, fromBeginning: true });
          await consumer.run({ autoCommit: false, eachBatch: (payload) => onBatch(consumer, payload) });
        })(),
        name,
      };
    };

    const record = (name: string, payload: EachBatchPayload) => {
      for (const message of payload.batch.messages) {
        const { id } = JSON.parse(message.value!.toString()) as { id: number };
        seen.push({
          id,
          key: message.key!.toString(),
          partition: payload.batch.partition,
          offset: BigInt(message.offset),
          consumer: name,
        });
      }
    };

    // Consumer A: processes whole batches, commits after each, and is stopped once half the stream is seen.
    let stopA!: () => void;
    const halfway = new Promise<void>((resolve) => (stopA = resolve));
    const a = runConsumer('A', async (consumer, payload) => {
      if (seen.length >= MESSAGES / 2) return; // stopping: leave the rest uncommitted
      record('A', payload);
      const next = BigInt(payload.batch.lastOffset()) + 1n;
      await consumer.commitOffsets([{ topic, partition: payload.batch.partition, offset: next.toString() }]);
      committedByA.set(payload.batch.partition, next);
      if (seen.length >= MESSAGES / 2) stopA();
    });
    await a.started;
    await halfway;
    await a.consumer.disconnect();
    const seenByA = seen.length;
    expect(seenByA).toBeGreaterThanOrEqual(MESSAGES / 2);
    expect(seenByA).toBeLessThan(MESSAGES);

    // The broker holds exactly what A committed.
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    for (const p of offsets[0]!.partitions) {
      const expected = committedByA.get(p.partition);
      if (expected === undefined) expect(p.offset).toBe('-1');
      else expect(BigInt(p.offset)).toBe(expected);
    }

    // Consumers B and C join the same group together: the group rebalances and they share the rest.
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const ids = () => new Set(seen.map((s) => s.id));
    const onBatch = (name: string) => async (consumer: Consumer, payload: EachBatchPayload) => {
      record(name, payload);
      await consumer.commitOffsets([
        { topic, partition: payload.batch.partition, offset: (BigInt(payload.batch.lastOffset()) + 1n).toString() },
      ]);
      if (ids().size === MESSAGES) resolveDone();
    };
    const b = runConsumer('B', onBatch('B'));
    const c = runConsumer('C', onBatch('C'));
    await Promise.all([b.started, c.started]);
    await Promise.race([
      done,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`only ${ids().size} of ${MESSAGES} ids seen`)), 120_000),
      ),
    ]);
    await Promise.all([b.consumer.disconnect(), c.consumer.disconnect()]);

    // Every message was seen at least once.
    expect(ids().size).toBe(MESSAGES);
    // None was re-read after A committed it.
    for (const s of seen.filter((x) => x.consumer !== 'A')) {
      const committed = committedByA.get(s.partition) ?? 0n;
      expect(
        s.offset >= committed,
        `partition ${s.partition} offset ${s.offset} re-read after commit ${committed}`,
      ).toBe(true);
    }
    // Keys are sticky: every message of a key landed in one partition.
    const partitionOfKey = new Map<string, number>();
    for (const s of seen) {
      expect(partitionOfKey.get(s.key) ?? s.partition).toBe(s.partition);
      partitionOfKey.set(s.key, s.partition);
    }
    // The rebalance split the partitions between B and C: disjoint, non-empty, covering the topic.
    const assignedB = assignments.get('B') ?? [];
    const assignedC = assignments.get('C') ?? [];
    expect(assignedB.length).toBeGreaterThan(0);
    expect(assignedC.length).toBeGreaterThan(0);
    expect([...assignedB, ...assignedC].sort((x, y) => x - y)).toEqual([...Array(PARTITIONS).keys()]);
  });
});
