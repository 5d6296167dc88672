import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { DurableWriter, type WriterTarget } from './durable-writer';
import { FlushBuffer } from './flush-buffer';
import { reasonLabel, type IngestMetrics } from './metrics';
import { processMessage, type NormaliseFns } from './step';

export interface IngestConsumerOptions {
  kafka: Kafka;
  topic: string;
  dlqTopic: string;
  groupId: string;
  store: WriterTarget;
  normalise: NormaliseFns;
  metrics: IngestMetrics;
  log: Logger;
  now?: () => number;
  batchMaxEvents: number;
  batchMaxWaitMs: number;
  fetchMaxWaitMs: number;
  partitionsConcurrently: number;
  retryBaseMs: number;
  retryCapMs: number;
  shutdownGraceMs: number;
  /** A member that stops heart-beating (crashed) loses its partitions after this long. */
  sessionTimeoutMs?: number;
  lagIntervalMs?: number;
}

export interface IngestConsumer {
  /** Drains what is in flight (flush + commit), then leaves the group. */
  stop(): Promise<void>;
}

type Item = { kind: 'event'; event: TokenEvent } | { kind: 'dlq'; deadLetter: DeadLetter };

/**
 * Kafka → store. Offsets of a partition batch are committed only after the flush containing its records is
 * durable in the store; a crash anywhere before that means the batch is read again, and the store's
 * idempotency by event_id keeps every count exact.
 */
export async function startIngestConsumer(options: IngestConsumerOptions): Promise<IngestConsumer> {
  const { kafka, topic, metrics, log } = options;
  const now = options.now ?? Date.now;
  let stopDeadline: number | undefined;

  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  const writer = new DurableWriter({
    target: options.store,
    publishDeadLetters: async (records) => {
      await producer.send({
        topic: options.dlqTopic,
        acks: -1,
        messages: records.map((d) => ({ key: d.dead_letter_id, value: JSON.stringify(d) })),
      });
    },
    retryBaseMs: options.retryBaseMs,
    retryCapMs: options.retryCapMs,
    now,
    keepTrying: () => stopDeadline === undefined || Date.now() < stopDeadline,
    onRetry: (what, attempt, error, waitMs) => {
      metrics.retries.inc({ what });
      log.warn({ what, attempt, waitMs, err: (error as Error).message }, 'store unavailable, retrying');
    },
    onStoreRejected: (event, error) =>
      log.error({ event_id: event.event_id, err: (error as Error).message }, 'store refused event'),
  });

  const buffer = new FlushBuffer<Item>(
    async (items) => {
      const events = new Map<string, TokenEvent>();
      const deadLetters = new Map<string, DeadLetter>();
      for (const item of items) {
        if (item.kind === 'event') events.set(item.event.event_id, item.event);
        else deadLetters.set(item.deadLetter.dead_letter_id, item.deadLetter);
      }
      const end = metrics.flushSeconds.startTimer();
      await writer.write([...events.values()], [...deadLetters.values()]);
      end();
      metrics.batchSize.observe(events.size);
      metrics.inserted.inc(events.size);
      for (const d of deadLetters.values()) metrics.rejected.inc({ source: d.source, reason: reasonLabel(d.reason) });
    },
    options.batchMaxEvents,
    options.batchMaxWaitMs,
  );

  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: options.fetchMaxWaitMs,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    rebalanceTimeout: 60_000,
  });

  const handleBatch = async ({ batch, resolveOffset, heartbeat, isStale }: EachBatchPayload) => {
    const receivedAt = now();
    const items: Item[] = [];
    for (const message of batch.messages) {
      metrics.consumed.inc();
      const result = processMessage(
        { value: message.value, origin: `kafka:${batch.topic}/${batch.partition}@${message.offset}`, now: receivedAt },
        options.normalise,
      );
      if (result.kind === 'ok') for (const event of result.events) items.push({ kind: 'event', event });
      else if (result.kind === 'dlq') items.push({ kind: 'dlq', deadLetter: result.deadLetter });
      else metrics.dropped.inc({ reason: result.reason });
    }
    // Keep the group membership alive while the store is slow or down.
    const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), 3000);
    try {
      await buffer.add(items);
    } finally {
      clearInterval(keepAlive);
    }
    // After a rebalance this partition belongs to someone else, who re-reads from the last commit.
    if (isStale()) return;
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    resolveOffset(batch.lastOffset());
  };

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConcurrently,
    eachBatch: handleBatch,
  });

  const admin = kafka.admin();
  await admin.connect();
  const updateLag = async () => {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: options.groupId, topics: [topic] }),
    ]);
    const committedBy = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    for (const end of ends) {
      const done = committedBy.get(end.partition) ?? -1n;
      const lag = BigInt(end.high) - (done < 0n ? BigInt(end.low) : done);
      metrics.lag.set({ topic, partition: String(end.partition) }, Number(lag < 0n ? 0n : lag));
    }
  };
  const lagTimer = setInterval(
    () => void updateLag().catch((error: unknown) => log.debug({ err: (error as Error).message }, 'lag update failed')),
    options.lagIntervalMs ?? 10_000,
  );

  log.info({ topic, groupId: options.groupId }, 'ingest consumer running');
  return {
    async stop() {
      stopDeadline = Date.now() + options.shutdownGraceMs;
      clearInterval(lagTimer);
      await buffer.flush().catch(() => undefined);
      await consumer.stop();
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
      log.info('ingest consumer stopped');
    },
  };
}
