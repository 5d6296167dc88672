import { z } from 'zod';
import { envList, loadEnv } from '@tokenwatch/config';
import type { RecordIntake } from '@tokenwatch/intake';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';
import { createKafkaIntake } from './kafka-intake';

/** Settings of the HTTP collector's Kafka side (`tokenwatch api` in scale-out); README "Ingest service". */
export const CollectorEnv = z.object({
  /** `kafka`: POST /v1/events produces to Kafka; `off`: the route is not served. */
  API_INGEST: z.enum(['kafka', 'off']).default('kafka'),
  KAFKA_BROKERS: envList('127.0.0.1:19092'),
  INGEST_TOPIC: z.string().default('auth-events'),
  INGEST_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
});
export type CollectorEnv = z.infer<typeof CollectorEnv>;
export const loadCollectorEnv = (env: Record<string, string | undefined> = process.env) => loadEnv(CollectorEnv, env);

/** Connects an idempotent producer and returns the Kafka intake for POST /v1/events, or undefined when off. */
export async function startKafkaCollector(
  env: CollectorEnv,
): Promise<{ intake: RecordIntake; close(): Promise<void> } | undefined> {
  if (env.API_INGEST === 'off') return undefined;
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'tokenwatch-api-collector' });
  await ensureTopics(kafka, [{ topic: env.INGEST_TOPIC, numPartitions: env.INGEST_TOPIC_PARTITIONS }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return {
    intake: createKafkaIntake({ producer, topic: env.INGEST_TOPIC, normalise: { normaliseRecord, parseRecordBytes } }),
    close: () => producer.disconnect(),
  };
}
