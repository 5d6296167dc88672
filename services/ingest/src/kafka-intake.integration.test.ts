import { describe, expect, it } from 'vitest';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';
import { testServices, uniqueName } from '@tokenwatch/testkit';
import { createKafkaIntake } from './kafka-intake';

describe('Kafka intake (HTTP collector → auth-events)', () => {
  it('answers after Kafka acknowledged: valid records as canonical events keyed by token, invalid ones reported and kept', async () => {
    const kafka = createKafka({ brokers: testServices().kafkaBrokers, clientId: 'intake-test' });
    const topic = uniqueName('intake');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const intake = createKafkaIntake({
      producer,
      topic,
      normalise: { normaliseRecord, parseRecordBytes },
      now: () => Date.UTC(2026, 10, 28),
    });

    const valid = {
      schema_version: 1,
      event_id: 'push-1',
      source: 'generic',
      source_event_type: 'api.call',
      kind: 'token.used',
      occurred_at: '2026-11-27T10:00:00.000Z',
      token_id: 'tok-push',
      ip: '203.0.113.9',
      outcome: 'success',
    };
    const result = await intake.accept([
      { bytes: JSON.stringify(valid), origin: 'http:req-1#0' },
      { bytes: '{"not json', origin: 'http:req-1#1' },
      { bytes: JSON.stringify({ ...valid, event_id: 'push-2', token_id: '' }), origin: 'http:req-1#2' },
    ]);
    await producer.disconnect();

    expect(result.accepted).toBe(1);
    expect(result.events).toBe(1);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(result.rejected[1]!.field_path).toBe('token_id');
    for (const r of result.rejected) expect(r.reason.length).toBeGreaterThan(3);

    // Everything is already in Kafka when accept() resolved.
    const consumer = kafka.consumer({ groupId: uniqueName('intake_check') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: { key: string; value: string }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({ key: message.key!.toString(), value: message.value!.toString() });
          if (seen.length === 3) resolve();
        },
      });
    });
    await consumer.disconnect();
    const event = seen.find((m) => m.key === 'tok-push');
    expect(JSON.parse(event!.value)).toMatchObject({
      event_id: 'push-1',
      token_id: 'tok-push',
      ip: '203.0.113.9',
      occurred_at: Date.parse(valid.occurred_at),
    });
    expect(seen.map((m) => m.key).sort()).toEqual(['http:req-1#1', 'http:req-1#2', 'tok-push']);
    expect(seen.find((m) => m.key === 'http:req-1#1')!.value).toBe('{"not json');
  });
});
