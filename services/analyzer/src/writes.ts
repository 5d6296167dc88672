import type { Alert, AlertAuditEntry, Token } from '@tokenwatch/schema';
import type { StageTimings } from './timings';

/** What one analysed batch has to write: its alerts (published, then stored), their audit, registry rows. */
export interface BatchWrites {
  alerts: readonly Alert[];
  audit: readonly AlertAuditEntry[];
  tokens: readonly Token[];
}

export interface WriteTargets {
  publish?: ((alerts: readonly Alert[]) => Promise<void>) | undefined;
  putAlerts(alerts: readonly Alert[]): Promise<void>;
  appendAudit(entries: readonly AlertAuditEntry[]): Promise<void>;
  upsertTokens(tokens: readonly Token[]): Promise<void>;
  timings?: StageTimings | undefined;
}

interface Entry {
  writes: BatchWrites;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The analyzer's writes, off the analysis path. Batches are published in submission order as soon as the
 * publisher is free, and stored once published (publish first: a crash in between re-raises instead of storing
 * an alert nobody was told about). Whatever queued up while a request was in flight goes out as one request, so
 * a slow store delays commits but never builds a queue of requests. After a failure every later batch fails
 * without writing: the owner drops this pipeline and re-reads from its last committed position.
 */
export class WritePipeline {
  private toPublish: Entry[] = [];
  private toStore: Entry[] = [];
  private publishing = false;
  private storing = false;
  private failure: Error | undefined;
  private pending = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly targets: WriteTargets) {}

  /** Resolves when the batch is published and stored; rejects if it, or an earlier batch, could not be. */
  submit(writes: BatchWrites): Promise<void> {
    this.pending++;
    const done = new Promise<void>((resolve, reject) => this.toPublish.push({ writes, resolve, reject }));
    void this.runPublisher();
    return done;
  }

  /** Batches submitted and not yet settled. */
  get backlog(): number {
    return this.pending;
  }

  /** Resolves once every submitted batch has succeeded or failed. */
  settled(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  private async runPublisher(): Promise<void> {
    if (this.publishing) return;
    this.publishing = true;
    while (this.toPublish.length > 0) {
      const group = this.toPublish.splice(0);
      const alerts = group.flatMap((e) => e.writes.alerts);
      if (alerts.length > 0 && this.targets.publish) await this.attempt('publish', () => this.targets.publish!(alerts));
      if (this.failure) this.finish(group, this.failure);
      else {
        this.toStore.push(...group);
        void this.runStorer();
      }
    }
    this.publishing = false;
  }

  private async runStorer(): Promise<void> {
    if (this.storing) return;
    this.storing = true;
    while (this.toStore.length > 0) {
      const group = this.toStore.splice(0);
      // An alert or token updated by several batches of the group: its last row is the current one.
      const alerts = [...new Map(group.flatMap((e) => e.writes.alerts.map((a) => [a.alert_id, a] as const))).values()];
      const audit = group.flatMap((e) => e.writes.audit);
      const tokens = new Map(group.flatMap((e) => e.writes.tokens.map((t) => [t.token_id, t] as const)));
      if (alerts.length > 0) await this.attempt('put_alerts', () => this.targets.putAlerts(alerts));
      if (audit.length > 0) await this.attempt('append_audit', () => this.targets.appendAudit(audit));
      if (tokens.size > 0) await this.attempt('registry_flush', () => this.targets.upsertTokens([...tokens.values()]));
      this.finish(group, this.failure);
    }
    this.storing = false;
  }

  private async attempt(stage: string, write: () => Promise<void>): Promise<void> {
    if (this.failure) return;
    try {
      await (this.targets.timings ? this.targets.timings.time(stage, write) : write());
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  private finish(group: Entry[], failure: Error | undefined): void {
    for (const entry of group) {
      if (failure) entry.reject(failure);
      else entry.resolve();
    }
    this.pending -= group.length;
    if (this.pending === 0) for (const wake of this.waiters.splice(0)) wake();
  }
}
