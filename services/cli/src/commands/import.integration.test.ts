/**
 * The import command's Kafka sink against the real broker: canonical events land on the events topic keyed by
 * token_id (so one token's events share a partition), dead letters on the dead-letter topic, all readable back.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Kafka } from 'kafkajs';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { testServices, uniqueName } from '@tokenwatch/testkit';
import { openKafkaSink, run } from './import';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'sources', 'fixtures');
const NOW = Date.UTC(2026, 2, 2, 18);

async function readAll(kafka: Kafka, topic: string, expected: number) {
  const consumer = kafka.consumer({ groupId: uniqueName('import_test') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: { key: string; partition: number; value: unknown }[] = [];
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`only ${seen.length} of ${expected} messages arrived`)), 60_000);
    void consumer.run({
      eachMessage: ({ partition, message }) => {
        seen.push({ key: String(message.key), partition, value: JSON.parse(String(message.value)) });
        if (seen.length >= expected) {
          clearTimeout(timer);
          done();
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

describe('tokenwatch import → Kafka', () => {
  const { kafkaBrokers } = testServices();
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'import-test' });
  const topic = uniqueName('import_events');
  const deadLetterTopic = uniqueName('import_dlq');

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('produces every accepted event keyed by token_id and every reject as a dead letter', async () => {
    await ensureTopics(kafka, [
      { topic, numPartitions: 6 },
      { topic: deadLetterTopic, numPartitions: 1 },
    ]);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const sink = await openKafkaSink({ brokers: kafkaBrokers, topic, deadLetterTopic });
    const code = await run(['--json', FIXTURES], { sink, now: () => NOW });
    const summary = JSON.parse(String(log.mock.calls[0]![0])) as { events: number; rejected: number; sink: string };
    log.mockRestore();
    expect(code).toBe(3);
    expect(summary).toMatchObject({ sink: 'kafka', events: 30, rejected: 1 });

    const events = await readAll(kafka, topic, summary.events);
    expect(events).toHaveLength(30);
    const partitionOf = new Map<string, number>();
    for (const { key, partition, value } of events) {
      const event = TokenEvent.parse(value);
      expect(key).toBe(event.token_id);
      expect(partitionOf.get(key) ?? partition).toBe(partition);
      partitionOf.set(key, partition);
    }
    // cloudtrail.json and cloudtrail.json.gz hold the same 6 records: same ids, so the store keeps them once.
    expect(new Set(events.map((e) => (e.value as TokenEvent).event_id)).size).toBe(24);

    const [deadLetter] = await readAll(kafka, deadLetterTopic, 1);
    const parsed = DeadLetter.parse(deadLetter!.value);
    expect(deadLetter!.key).toBe(parsed.dead_letter_id);
    expect(parsed.origin).toMatch(/tableau-pats\.json$/);
  });
});
