import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';

export interface KafkaOptions {
  brokers: readonly string[];
  clientId: string;
  /** kafkajs log level; WARN by default so retries are visible without noise. */
  logLevel?: logLevel;
}

export function createKafka(options: KafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 10_000 },
  });
}

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: ITopicConfig['configEntries'];
}

/** Creates topics that do not exist yet; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions,
          replicationFactor: -1,
          ...(t.configEntries ? { configEntries: t.configEntries } : {}),
        })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
