/** A repeating background job that can be stopped; stop() waits for the round in progress (SIGTERM drains). */
export interface Loop {
  stop(): Promise<void>;
}

/**
 * Runs `round` now and then `intervalMs` after each round ends, so rounds never overlap however long one takes.
 * A failing round is handed to `onError` and the loop goes on: a database that is down for a while must not end
 * delivery for good.
 */
export function startLoop(round: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): Loop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    timer = undefined;
    current = (async () => {
      try {
        await round();
      } catch (error) {
        onError(error);
      }
    })().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
