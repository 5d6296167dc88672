import { repeatEvery } from '@tokenwatch/background';
import type { Reporting } from './reporting';

export interface BackgroundOptions {
  /** How often the dispatcher looks for due deliveries (WEBHOOK_POLL_INTERVAL). */
  pollIntervalMs: number;
  /** How often report schedules are checked (REPORT_SCHEDULE_INTERVAL). */
  scheduleIntervalMs: number;
  log: (line: string) => void;
}

export interface Background {
  /** Stops both loops after the rounds in progress (a delivery being sent finishes and is recorded). */
  stop(): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The two timers of the reporting side: the webhook dispatcher (attempts due outbox deliveries) and the report
 * scheduler. Run them in ONE process per deployment: two dispatchers would attempt the same due entry twice
 * (harmless for a de-duplicating receiver, but noisy), two schedulers would render each report twice.
 */
export function startBackground(reporting: Reporting, options: BackgroundOptions): Background {
  const deliveries = repeatEvery({
    name: 'webhooks',
    intervalMs: options.pollIntervalMs,
    run: async () => {
      const round = await reporting.dispatcher.runOnce();
      if (round.attempted > 0) options.log(`webhooks: ${JSON.stringify(round)}`);
    },
    onError: (error) => options.log(`webhooks: round failed, retrying: ${message(error)}`),
  });
  const schedules = repeatEvery({
    name: 'reports',
    intervalMs: options.scheduleIntervalMs,
    run: async () => {
      const ran = await reporting.runSchedules((id, error) =>
        options.log(`reports: schedule ${id} failed, retrying next round: ${message(error)}`),
      );
      for (const r of ran)
        options.log(`reports: schedule ${r.scheduleId} fired for ${new Date(r.firedAt).toISOString()}`);
    },
    onError: (error) => options.log(`reports: schedule round failed, retrying: ${message(error)}`),
  });
  return {
    async stop() {
      await Promise.all([deliveries.stop(), schedules.stop()]);
    },
  };
}
