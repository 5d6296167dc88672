import { loadNotifyEnv, startNotify } from '@tokenwatch/notify';

/** `tokenwatch notify`: alerts → webhook outbox → signed deliveries, and report schedules, until SIGINT/SIGTERM. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(
      'usage: tokenwatch notify\n\nConsumes token-alerts as its own consumer group, queues a signed webhook delivery per ' +
        'matching subscription in the ClickHouse outbox, delivers due deliveries with retries, and runs report ' +
        'schedules. Run one per deployment. Settings: CLICKHOUSE_*, KAFKA_BROKERS, NOTIFY_*, WEBHOOK_*, REPORT_*, ' +
        'REPORTS_DIR (see README).',
    );
    return 0;
  }
  const running = await startNotify(loadNotifyEnv());
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log(`notify: stopping ${JSON.stringify(running.consumer.counters)}`);
  await running.stop();
  return 0;
}
