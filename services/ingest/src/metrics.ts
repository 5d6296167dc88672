import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of the ingest service. One registry per instance so tests can run several. */
export function createIngestMetrics() {
  const registry = new Registry();
  const m = {
    registry,
    consumed: new Counter({
      name: 'tokenwatch_ingest_messages_consumed_total',
      help: 'Kafka messages read',
      registers: [registry],
    }),
    inserted: new Counter({
      name: 'tokenwatch_ingest_events_inserted_total',
      help: 'Events written to the store (including redelivered ones)',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'tokenwatch_ingest_rejected_total',
      help: 'Records sent to the dead-letter path, by source and reason',
      labelNames: ['source', 'reason'],
      registers: [registry],
    }),
    dropped: new Counter({
      name: 'tokenwatch_ingest_dropped_total',
      help: 'Messages with nothing to store',
      labelNames: ['reason'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'tokenwatch_ingest_store_retries_total',
      help: 'Transient store/DLQ errors retried',
      labelNames: ['what'],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'tokenwatch_ingest_flush_events',
      help: 'Events per flush to the store',
      buckets: [1, 10, 100, 500, 1000, 2000, 5000, 10000, 20000, 50000],
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'tokenwatch_ingest_flush_seconds',
      help: 'Time to make one flush durable, retries included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'tokenwatch_ingest_consumer_lag',
      help: 'Messages between the committed offset and the end of each partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
  };
  return m;
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

/** Bounded label values: the reason up to its first detail (values after ':' vary per record). */
export function reasonLabel(reason: string): string {
  return (
    reason
      .split(':')[0]!
      .replace(/["'`][^"'`]*["'`]/g, '…')
      .slice(0, 80)
      .trim() || 'unknown'
  );
}
