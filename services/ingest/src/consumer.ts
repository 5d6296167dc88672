import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import type { NormaliseContext } from '@tokenwatch/sources';
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
  /** Passed to every normalisation (e.g. the operator's Tableau mapping). */
  normaliseContext?: Omit<NormaliseContext, 'now'>;
  metrics: IngestMetrics;
  log: Logger;
  now?: () => number;
  batchMaxEvents: number;
  batchMaxWaitMs: number;
  /** Flushes (ClickHouse inserts) in flight at once; each commits only its own offsets once durable. */
  flushConcurrency?: number;
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
  const flushConcurrency = options.flushConcurrency ?? 1;
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
    flushConcurrency,
  );

  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: options.fetchMaxWaitMs,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    rebalanceTimeout: 60_000,
  });

  /**
   * Commits are pipelined: a partition batch hands its records to the buffer and returns at once, so the next
   * fetch is normalised while the previous flush is being written. Its commit waits, in offset order per
   * partition, until its flush is durable. If a flush fails, the partition is rewound to the failed batch and
   * every later commit of that partition from before the rewind is dropped (its epoch is stale).
   */
  const partitions = new Map<string, { epoch: number; chain: Promise<void> }>();
  let pendingItems = 0;

  const handleBatch = async ({ batch, resolveOffset, heartbeat, isStale }: EachBatchPayload) => {
    const receivedAt = now();
    const items: Item[] = [];
    metrics.consumed.inc(batch.messages.length);
    for (const message of batch.messages) {
      const result = processMessage(
        { value: message.value, origin: `kafka:${batch.topic}/${batch.partition}@${message.offset}`, now: receivedAt },
        options.normalise,
        options.normaliseContext,
      );
      if (result.kind === 'ok') for (const event of result.events) items.push({ kind: 'event', event });
      else if (result.kind === 'dlq') items.push({ kind: 'dlq', deadLetter: result.deadLetter });
      else metrics.dropped.inc({ reason: result.reason });
    }

    const key = `${batch.topic}/${batch.partition}`;
    const state = partitions.get(key) ?? { epoch: 0, chain: Promise.resolve() };
    partitions.set(key, state);
    const epoch = state.epoch;
    const firstOffset = batch.firstOffset();
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    pendingItems += items.length;
    const durable = buffer.add(items).finally(() => {
      pendingItems -= items.length;
    });
    state.chain = state.chain
      .then(async () => {
        await durable;
        // After a rewind or a rebalance these offsets are someone else's to commit.
        if (state.epoch !== epoch || isStale()) return;
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      })
      .catch((error: unknown) => {
        if (state.epoch !== epoch) return;
        state.epoch++;
        log.warn(
          { partition: key, from: firstOffset, err: (error as Error).message },
          'flush failed; re-reading from the failed batch',
        );
        if (firstOffset !== null) {
          try {
            consumer.seek({ topic: batch.topic, partition: batch.partition, offset: firstOffset });
          } catch (seekError) {
            log.warn({ err: (seekError as Error).message }, 'seek failed (partition no longer ours)');
          }
        }
      });
    resolveOffset(batch.lastOffset());

    // Back-pressure: when the store falls behind, stop fetching instead of holding more in memory.
    if (pendingItems > options.batchMaxEvents * (flushConcurrency + 1)) {
      const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), 3000);
      try {
        await durable.catch(() => undefined);
      } finally {
        clearInterval(keepAlive);
      }
    }
  };

  // On a rebalance, write what is buffered at once instead of after batchMaxWait: its offsets can then still be
  // committed while the group re-forms (the old generation's commits are accepted until it has), so the next
  // owner re-reads less. Whatever does not make it is re-read and collapses by event_id — never lost.
  consumer.on(consumer.events.REBALANCING, () => {
    log.info({ topic }, 'group rebalancing: flushing what is buffered');
    void buffer.flush().catch(() => undefined);
  });

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
      // Stop fetching, then let every batch already taken reach the store and commit, then leave the group.
      consumer.pause([{ topic }]);
      for (let round = 0; round < 2; round++) {
        await buffer.flush().catch(() => undefined);
        await Promise.all([...partitions.values()].map((p) => p.chain));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await consumer.stop();
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
      log.info('ingest consumer stopped');
    },
  };
}
