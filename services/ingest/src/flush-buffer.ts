/**
 * Collects work from concurrent partition batches and flushes it as one write when it reaches `maxItems` or
 * `maxWaitMs` after the first item arrived. `add` resolves only when the flush that contains its items is
 * durable (or rejects when it failed), so the caller can commit its offsets exactly then. At most
 * `maxConcurrent` flushes run at once, started in order: when the store is slow, callers wait instead of the
 * buffer growing without bound.
 */
export class FlushBuffer<T> {
  private pending: T[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly queued: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flushFn: (items: T[]) => Promise<void>,
    private readonly maxItems: number,
    private readonly maxWaitMs: number,
    private readonly maxConcurrent = 1,
  ) {}

  add(items: readonly T[]): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    for (const item of items) this.pending.push(item);
    if (this.pending.length >= this.maxItems) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
    return done;
  }

  /** Number of items waiting for the next flush. */
  get size(): number {
    return this.pending.length;
  }

  /** Starts a flush of everything pending now; resolves when it (and every earlier flush) has finished. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    if (waiters.length > 0) {
      const run: Promise<void> = this.slot().then(async () => {
        try {
          await this.flushFn(items);
          for (const w of waiters) w.resolve();
        } catch (error) {
          for (const w of waiters) w.reject(error);
        } finally {
          this.release();
          this.inFlight.delete(run);
        }
      });
      this.inFlight.add(run);
    }
    return Promise.all([...this.inFlight]).then(() => undefined);
  }

  private slot(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queued.push(resolve));
  }

  private release(): void {
    const next = this.queued.shift();
    if (next)
      next(); // the slot passes straight to the next flush, in the order flushes were started
    else this.running--;
  }
}
