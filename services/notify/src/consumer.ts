import type { Consumer } from 'kafkajs';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { Alert } from '@tokenwatch/schema';
import type { WebhookDispatcher } from '@tokenwatch/webhooks';
import { decodeAlert, enqueueRaisedAlerts } from './alerts';

export interface AlertConsumerOptions {
  brokers: string[];
  clientId: string;
  groupId: string;
  topic: string;
  sessionTimeoutMs: number;
  dispatcher: WebhookDispatcher;
  log: (line: string) => void;
}

export interface AlertConsumer {
  readonly counters: { alerts: number; enqueued: number; invalid: number };
  stop(): Promise<void>;
}

/**
 * Its own consumer group on `token-alerts`: each batch's alerts are turned into outbox deliveries, and the offsets
 * are committed only after the outbox has them. A crash in between re-reads the batch; the delivery keys make
 * that enqueue nothing twice.
 */
export async function startAlertConsumer(options: AlertConsumerOptions): Promise<AlertConsumer> {
  const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId });
  await ensureTopics(kafka, [{ topic: options.topic, numPartitions: 3 }]);
  const counters = { alerts: 0, enqueued: 0, invalid: 0 };
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
      const alerts: Alert[] = [];
      for (const message of batch.messages) {
        const alert = decodeAlert(message.value);
        if (alert) alerts.push(alert);
        else {
          counters.invalid++;
          options.log(`notify: skipped ${batch.topic}/${batch.partition}@${message.offset}: not an alert`);
        }
      }
      // Throws while the store is down: kafkajs retries the batch (uncommitted) and restarts the consumer.
      const enqueued = await enqueueRaisedAlerts(options.dispatcher, alerts);
      counters.alerts += alerts.length;
      counters.enqueued += enqueued;
      const last = batch.messages[batch.messages.length - 1]!;
      payload.resolveOffset(last.offset);
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await payload.heartbeat();
    },
  });
  return {
    counters,
    async stop() {
      await consumer.disconnect();
    },
  };
}
