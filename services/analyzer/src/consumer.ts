import { readFile } from 'node:fs/promises';
import type { Consumer, Producer } from 'kafkajs';
import { migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import { detectorSettings, type DetectorSettings, type Geo } from '@tokenwatch/detectors';
import { openGeoIp } from '@tokenwatch/geoip';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { TokenEvent } from '@tokenwatch/schema';
import { tableauMappingFromSetting } from '@tokenwatch/sources';
import { decodeEvents } from './decode';
import {
  createClickHouseAlertStore,
  createClickHouseEventStore,
  createClickHouseSuppressionStore,
  createClickHouseTokenRegistry,
} from '@tokenwatch/store-clickhouse';
import { Analyzer } from './analyzer';
import type { AnalyzerEnv } from './env';

export interface RunningAnalyzer {
  analyzer: Analyzer;
  /** Messages on the topic that were not valid TokenEvents (ingest dead-letters bad records; we only skip). */
  readonly invalidMessages: number;
  stop(): Promise<void>;
}

export async function loadDetectorSettings(file: string | undefined): Promise<DetectorSettings> {
  if (!file) return detectorSettings();
  const text = await readFile(file, 'utf8');
  try {
    return detectorSettings(JSON.parse(text));
  } catch (error) {
    throw new Error(`DETECTOR_SETTINGS_FILE ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export async function openStores(env: AnalyzerEnv): Promise<{ db: ClickHouse; stores: ReturnType<typeof storesOf> }> {
  const db = await openClickHouse({
    url: env.CLICKHOUSE_URL,
    database: env.CLICKHOUSE_DATABASE,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
  });
  await migrate(db);
  return { db, stores: storesOf(db) };
}

export function storesOf(db: ClickHouse) {
  return {
    events: createClickHouseEventStore(db),
    alerts: createClickHouseAlertStore(db),
    tokens: createClickHouseTokenRegistry(db),
    suppressions: createClickHouseSuppressionStore(db),
  };
}

/**
 * Runs the analyzer as its own consumer group on `auth-events`. Offsets are committed only after a batch's
 * alerts are published and stored, so a crash re-reads the batch; restore + idempotent alerts make that harmless.
 */
export async function startAnalyzer(
  env: AnalyzerEnv,
  options: { now?: () => number; geo?: (ip: string) => Geo | undefined; log?: (line: string) => void } = {},
): Promise<RunningAnalyzer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const settings = await loadDetectorSettings(env.DETECTOR_SETTINGS_FILE);
  const tableauMapping = tableauMappingFromSetting(env.TOKENWATCH_TABLEAU_MAPPING);
  let geo = options.geo;
  if (!geo && env.ANALYZER_GEOIP) {
    const db = await openGeoIp();
    geo = (ip) => db.lookup(ip);
  }
  const { db, stores } = await openStores(env);
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: env.ANALYZER_CLIENT_ID });
  await ensureTopics(kafka, [
    { topic: env.ANALYZER_TOPIC, numPartitions: 6 },
    { topic: env.ANALYZER_ALERTS_TOPIC, numPartitions: 3 },
  ]);
  let producer: Producer | undefined;
  if (env.ANALYZER_PUBLISH_ALERTS) {
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }
  const analyzer = new Analyzer({
    ...stores,
    settings,
    now: options.now ?? Date.now,
    ...(geo ? { geo } : {}),
    suppressionRefreshMs: env.ANALYZER_SUPPRESSIONS_REFRESH,
    registryFlushMs: env.ANALYZER_REGISTRY_FLUSH,
    publish: async (alerts) => {
      if (!producer) return;
      await producer.send({
        topic: env.ANALYZER_ALERTS_TOPIC,
        acks: -1,
        messages: alerts.map((a) => ({ key: a.alert_id, value: JSON.stringify(a) })),
      });
    },
  });
  let invalid = 0;
  const consumer: Consumer = kafka.consumer({
    groupId: env.ANALYZER_GROUP_ID,
    sessionTimeout: env.ANALYZER_SESSION_TIMEOUT,
    heartbeatInterval: Math.max(500, Math.floor(env.ANALYZER_SESSION_TIMEOUT / 10)),
  });
  await consumer.connect();
  // A new assignment may bring tokens another instance analysed meanwhile: restore everything afresh.
  consumer.on(consumer.events.GROUP_JOIN, () => analyzer.reset());
  await consumer.subscribe({ topic: env.ANALYZER_TOPIC, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    // A token lives in one partition, so batches of different partitions touch disjoint state.
    partitionsConsumedConcurrently: env.ANALYZER_PARTITIONS_CONCURRENTLY,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
      const events: TokenEvent[] = [];
      for (const message of batch.messages) {
        const parsed = decodeEvents(message.value, tableauMapping ? { tableauMapping } : {});
        if (parsed) events.push(...parsed);
        else invalid++;
      }
      await analyzer.processBatch(events);
      const last = batch.messages[batch.messages.length - 1]!;
      payload.resolveOffset(last.offset);
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await payload.heartbeat();
    },
  });
  log(`analyzer: consuming ${env.ANALYZER_TOPIC} as group ${env.ANALYZER_GROUP_ID}`);
  return {
    analyzer,
    get invalidMessages() {
      return invalid;
    },
    async stop() {
      await consumer.disconnect();
      await analyzer.flushRegistry();
      await producer?.disconnect();
      await db.close();
    },
  };
}
