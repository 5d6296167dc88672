import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface StageSummary {
  n: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Where a batch's time goes, per stage (restore, detectors, publish, store writes, commit, Kafka arrival lag…):
 * the last `keep` samples of each stage, so a report gives percentiles and not only means.
 */
export class StageTimings {
  private readonly samples = new Map<string, { values: number[]; next: number; n: number; total: number }>();

  constructor(private readonly keep = 20_000) {}

  add(stage: string, value: number): void {
    let s = this.samples.get(stage);
    if (!s) this.samples.set(stage, (s = { values: [], next: 0, n: 0, total: 0 }));
    if (s.values.length < this.keep) s.values.push(value);
    else s.values[s.next++ % this.keep] = value;
    s.n++;
    s.total += value;
  }

  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - started);
    }
  }

  summary(): Record<string, StageSummary> {
    const out: Record<string, StageSummary> = {};
    for (const [stage, s] of this.samples) {
      const sorted = [...s.values].sort((a, b) => a - b);
      const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
      out[stage] = { n: s.n, total: round(s.total), p50: at(0.5), p99: at(0.99), max: round(sorted.at(-1) ?? 0) };
    }
    return out;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Adds GC pauses and event-loop delay to `timings` until the returned function is called. */
export function watchRuntime(timings: StageTimings): () => void {
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) timings.add('gc_pause', entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const timer = setInterval(() => {
    timings.add('event_loop_delay_p99', loop.percentile(99) / 1e6);
    loop.reset();
  }, 1000);
  timer.unref();
  return () => {
    gc.disconnect();
    loop.disable();
    clearInterval(timer);
  };
}
