import { readFile } from 'node:fs/promises';
import type { Consumer, Producer } from 'kafkajs';
import { migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import { detectorSettings, type DetectorSettings, type Geo } from '@tokenwatch/detectors';
import { openGeoIp } from '@tokenwatch/geoip';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { Alert, TokenEvent } from '@tokenwatch/schema';
import { tableauMappingFromSetting } from '@tokenwatch/sources';
import { decodeEvents } from './decode';
import {
  createClickHouseAlertStore,
  createClickHouseEventStore,
  createClickHouseSuppressionStore,
  createClickHouseTokenRegistry,
} from '@tokenwatch/store-clickhouse';
import { Analyzer } from './analyzer';
import { runPolicyScan } from './policy-scan';
import { runIpSprayScan } from './ip-spray-scan';
import { scheduleCheck, type ScheduledCheck } from './scheduled';
import { policyFromEnv } from '@tokenwatch/policy';
import type { AnalyzerEnv } from './env';

export interface RunningAnalyzer {
  analyzer: Analyzer;
  /** The scheduled checks over all tokens (run by the instance that owns partition 0 of the topic). */
  policyChecks: ScheduledCheck;
  ipSprayChecks: ScheduledCheck;
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
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const now = options.now ?? Date.now;
  const publish = async (alerts: readonly Alert[]) => {
    if (!env.ANALYZER_PUBLISH_ALERTS) return;
    await producer.send({
      topic: env.ANALYZER_ALERTS_TOPIC,
      acks: -1,
      messages: alerts.map((a) => ({ key: a.alert_id, value: JSON.stringify(a) })),
    });
  };
  const analyzer = new Analyzer({
    ...stores,
    settings,
    now,
    ...(geo ? { geo } : {}),
    suppressionRefreshMs: env.ANALYZER_SUPPRESSIONS_REFRESH,
    registryFlushMs: env.ANALYZER_REGISTRY_FLUSH,
    publish,
    // Batch revocations expand into per-token revocations that must reach each token's owning instance.
    routeDerived: async (events) => {
      await producer.send({
        topic: env.ANALYZER_TOPIC,
        acks: -1,
        messages: events.map((e) => ({ key: e.token_id, value: JSON.stringify(e) })),
      });
    },
  });
  // Scheduled checks look at all tokens, not a partition's: one instance (the owner of partition 0) runs them.
  let ownsPartitionZero = false;
  const policy = policyFromEnv(env);
  const policyChecks = scheduleCheck({
    name: 'policy checks',
    intervalMs: env.ANALYZER_POLICY_INTERVAL,
    active: () => ownsPartitionZero,
    run: () => runPolicyScan({ ...stores, policy, now, publish }),
  });
  const ipSprayChecks = scheduleCheck({
    name: 'per-IP failure scan',
    intervalMs: env.ANALYZER_IP_SPRAY_INTERVAL,
    active: () => ownsPartitionZero,
    run: () => runIpSprayScan({ ...stores, settings, intervalMs: env.ANALYZER_IP_SPRAY_INTERVAL, now, publish }),
  });
  let invalid = 0;
  const consumer: Consumer = kafka.consumer({
    groupId: env.ANALYZER_GROUP_ID,
    sessionTimeout: env.ANALYZER_SESSION_TIMEOUT,
    heartbeatInterval: Math.max(500, Math.floor(env.ANALYZER_SESSION_TIMEOUT / 10)),
  });
  await consumer.connect();
  // A new assignment may bring tokens another instance analysed meanwhile: restore everything afresh.
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    analyzer.reset();
    ownsPartitionZero = event.payload.memberAssignment[env.ANALYZER_TOPIC]?.includes(0) ?? false;
    if (ownsPartitionZero && env.ANALYZER_POLICY_INTERVAL > 0) void policyChecks.runNow();
    if (ownsPartitionZero && env.ANALYZER_IP_SPRAY_INTERVAL > 0) void ipSprayChecks.runNow();
  });
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
    policyChecks,
    ipSprayChecks,
    get invalidMessages() {
      return invalid;
    },
    async stop() {
      await policyChecks.stop();
      await ipSprayChecks.stop();
      await consumer.disconnect();
      await analyzer.flushRegistry();
      await producer.disconnect();
      await db.close();
    },
  };
}
