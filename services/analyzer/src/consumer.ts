import { readFile } from 'node:fs/promises';
import type { Consumer, ConsumerRunConfig, Producer } from 'kafkajs';
import { clickHouseOptionsFromEnv, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
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
import { repeatEvery, type Repeating } from '@tokenwatch/background';
import { policyFromEnv } from '@tokenwatch/policy';
import type { AnalyzerEnv } from './env';
import { OffsetCommitter } from './commits';
import { StageTimings, watchRuntime } from './timings';

export interface RunningAnalyzer {
  analyzer: Analyzer;
  /** Where batches spend their time, for the periodic report. */
  timings: StageTimings;
  /** The scheduled checks over all tokens (run by the instance that owns partition 0 of the topic). */
  policyChecks: Repeating;
  ipSprayChecks: Repeating;
  /** Messages on the topic that were not valid TokenEvents (ingest dead-letters bad records; we only skip). */
  readonly invalidMessages: number;
  stop(): Promise<void>;
}

const MAX_UNSETTLED_BATCHES = 200;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  const db = await openClickHouse(clickHouseOptionsFromEnv(env));
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
 * The next batch is fetched and analysed while the previous one's writes are in flight (see `submitBatch`).
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
  const timings = new StageTimings();
  const stopWatching = watchRuntime(timings);
  const analyzer = new Analyzer({
    timings,
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
  const policyChecks = repeatEvery({
    name: 'policy checks',
    intervalMs: env.ANALYZER_POLICY_INTERVAL,
    active: () => ownsPartitionZero,
    run: () => runPolicyScan({ ...stores, policy, now, publish }),
  });
  const ipSprayChecks = repeatEvery({
    name: 'per-IP failure scan',
    intervalMs: env.ANALYZER_IP_SPRAY_INTERVAL,
    active: () => ownsPartitionZero,
    run: () => runIpSprayScan({ ...stores, settings, intervalMs: env.ANALYZER_IP_SPRAY_INTERVAL, now, publish }),
  });
  let invalid = 0;
  let inFlight = 0;
  let idleSince: number | undefined;
  // Set while a failed write is being recovered from, or while stopping: batches are then left unread.
  let paused = false;
  const consumer: Consumer = kafka.consumer({
    groupId: env.ANALYZER_GROUP_ID,
    sessionTimeout: env.ANALYZER_SESSION_TIMEOUT,
    heartbeatInterval: Math.max(500, Math.floor(env.ANALYZER_SESSION_TIMEOUT / 10)),
    maxWaitTimeInMs: env.ANALYZER_FETCH_MAX_WAIT,
    maxBytesPerPartition: env.ANALYZER_FETCH_PARTITION_BYTES,
  });
  const committer = new OffsetCommitter(
    (offsets) => timings.time('commit', () => consumer.commitOffsets(offsets)),
    (error) => log(`analyzer: offset commit failed, a restart re-reads those batches: ${error.message}`),
  );
  await consumer.connect();
  // A new assignment may bring tokens another instance analysed meanwhile: restore everything afresh.
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    analyzer.reset();
    ownsPartitionZero = event.payload.memberAssignment[env.ANALYZER_TOPIC]?.includes(0) ?? false;
    if (ownsPartitionZero && env.ANALYZER_POLICY_INTERVAL > 0) void policyChecks.runNow();
    if (ownsPartitionZero && env.ANALYZER_IP_SPRAY_INTERVAL > 0) void ipSprayChecks.runNow();
  });
  await consumer.subscribe({ topic: env.ANALYZER_TOPIC, fromBeginning: true });
  const idle = async () => {
    while (inFlight > 0) await sleep(10);
  };
  /**
   * A write failed: later batches were not written either. Commit what did settle, then leave and rejoin the
   * group, which re-reads from the committed offsets into a fresh state (restored from the stores).
   */
  const recover = async (error: Error) => {
    if (paused) return;
    paused = true;
    log(`analyzer: a write failed, re-reading from the last committed offsets: ${error.message}`);
    await idle();
    await analyzer.settled();
    await committer.flush();
    committer.clear();
    await consumer.stop();
    analyzer.reset();
    paused = false;
    await consumer.run(runConfig);
  };
  // Tokens that went silent get their volume drop from this tick instead of at their next event.
  const silenceChecks = repeatEvery({
    name: 'silence check',
    intervalMs: env.ANALYZER_SILENCE_CHECK,
    active: () => !paused,
    run: async () => {
      const { done } = await analyzer.checkSilence();
      done.catch((error: Error) => void recover(error));
    },
  });
  const runConfig: ConsumerRunConfig = {
    autoCommit: false,
    eachBatchAutoResolve: false,
    // A token lives in one partition, so batches of different partitions touch disjoint state.
    partitionsConsumedConcurrently: env.ANALYZER_PARTITIONS_CONCURRENTLY,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
      if (paused) return sleep(50);
      const started = performance.now();
      if (idleSince !== undefined) timings.add('fetch_gap', started - idleSince);
      inFlight++;
      try {
        // Producer timestamps: how long the newest and the oldest message waited before the analyzer got them.
        timings.add('arrival_lag_newest', Date.now() - Number(batch.messages.at(-1)!.timestamp));
        timings.add('arrival_lag_oldest', Date.now() - Number(batch.messages[0]!.timestamp));
        timings.add('batch_messages', batch.messages.length);
        const events: TokenEvent[] = [];
        for (const message of batch.messages) {
          const parsed = decodeEvents(message.value, tableauMapping ? { tableauMapping } : {});
          if (parsed) events.push(...parsed);
          else invalid++;
        }
        const { done } = await analyzer.submitBatch(events);
        // The state has the batch: fetch on while its alerts are published and stored; commit once they are.
        const last = batch.messages[batch.messages.length - 1]!;
        payload.resolveOffset(last.offset);
        const next = { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() };
        done.then(
          () => {
            timings.add('batch_settled', performance.now() - started);
            committer.mark(next);
          },
          (error: Error) => void recover(error),
        );
        // Backpressure: when the stores fall behind, wait instead of piling up uncommitted batches.
        if (analyzer.writeBacklog > MAX_UNSETTLED_BATCHES) await done.catch(() => undefined);
        await payload.heartbeat();
        timings.add('batch_handled', performance.now() - started);
      } finally {
        if (--inFlight === 0) idleSince = performance.now();
      }
    },
  };
  await consumer.run(runConfig);
  log(`analyzer: consuming ${env.ANALYZER_TOPIC} as group ${env.ANALYZER_GROUP_ID}`);
  return {
    analyzer,
    timings,
    policyChecks,
    ipSprayChecks,
    get invalidMessages() {
      return invalid;
    },
    async stop() {
      await policyChecks.stop();
      await ipSprayChecks.stop();
      await silenceChecks.stop();
      paused = true;
      await idle();
      await analyzer.flushRegistry().catch((error: Error) => log(`analyzer: registry flush failed: ${error.message}`));
      await analyzer.settled();
      await committer.flush();
      await consumer.disconnect();
      stopWatching();
      await producer.disconnect();
      await db.close();
    },
  };
}
