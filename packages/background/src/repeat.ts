/** A background job that runs on a timer and can be run on demand. */
export interface Repeating {
  /** Runs the job now (if active), after the run in progress, and resolves when it is done. */
  runNow(): Promise<void>;
  /** No more runs; resolves when the run in progress has finished (SIGTERM drains). */
  stop(): Promise<void>;
}

/**
 * Runs `run` right away and then `intervalMs` after each run ends (0: only when asked through `runNow`), so runs
 * never overlap however long one takes. `active()` says whether this instance should run it now (scale-out: the
 * instance that owns partition 0). A failing run goes to `onError` and the timer goes on: a store that is down
 * for a while must not end the job for good.
 */
export function repeatEvery(options: {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  active?: () => boolean;
  onError?: (error: unknown) => void;
}): Repeating {
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
