/**
 * Runs a scheduled check every `intervalMs` (0: never), one run at a time, first run right away. `active()`
 * says whether this instance should run it now (scale-out: the instance that owns partition 0). Errors are
 * reported and the next run is tried at the next interval.
 */
export interface ScheduledCheck {
  /** Runs the check now (if active) and resolves when it is done. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function scheduleCheck(options: {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  active?: () => boolean;
  onError?: (error: unknown) => void;
}): ScheduledCheck {
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const onError =
    options.onError ?? ((error: unknown) => console.error(`${options.name} failed:`, (error as Error).message));
  const runNow = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped || (options.active && !options.active())) return;
      try {
        await options.run();
      } catch (error) {
        onError(error);
      }
    });
    return running;
  };
  if (options.intervalMs > 0) {
    const tick = () => {
      void runNow().finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
    };
    timer = setTimeout(tick, 0);
  }
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
