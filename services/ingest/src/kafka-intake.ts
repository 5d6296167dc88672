import type { Producer } from 'kafkajs';
import type { IntakeRecord, IntakeRejection, IntakeResult, RecordIntake } from '@tokenwatch/intake';
import { processMessage, type NormaliseFns } from './step';

/**
 * The HTTP collector's intake in the scale-out deployment: every record is validated at once (so the caller
 * learns what is wrong), then produced to `auth-events` and acknowledged only after Kafka has it (acks=all).
 * Valid records go as canonical events keyed by token_id; invalid ones go as their original bytes keyed by
 * origin, so ingest puts them in the dead-letter table with the same reason — one dead-letter path for all.
 */
export function createKafkaIntake(options: {
  producer: Producer;
  topic: string;
  normalise: NormaliseFns;
  now?: () => number;
}): RecordIntake {
  const now = options.now ?? Date.now;
  return {
    async accept(records: readonly IntakeRecord[]): Promise<IntakeResult> {
      const at = now();
      const messages: { key: string; value: string | Buffer }[] = [];
      const rejected: IntakeRejection[] = [];
      let accepted = 0;
      let events = 0;
      records.forEach((record, index) => {
        const bytes = typeof record.bytes === 'string' ? Buffer.from(record.bytes) : record.bytes;
        const result = processMessage(
          { value: bytes, origin: record.origin, now: at },
          options.normalise,
          record.source ? { source: record.source } : {},
        );
        if (result.kind === 'ok') {
          accepted++;
          events += result.events.length;
          for (const event of result.events) messages.push({ key: event.token_id, value: JSON.stringify(event) });
        } else if (result.kind === 'dlq') {
          rejected.push({ index, reason: result.deadLetter.reason, field_path: result.deadLetter.field_path });
          messages.push({ key: record.origin, value: Buffer.from(bytes) });
        } else {
          accepted++;
        }
      });
      if (messages.length > 0) await options.producer.send({ topic: options.topic, acks: -1, messages });
      return { accepted, events, rejected };
    },
  };
}
