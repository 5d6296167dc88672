import type { Alert, AlertAuditEntry, Suppression, Token, TokenEvent } from '@tokenwatch/schema';
import {
  alertId,
  applyFinding,
  detectSilence,
  emptyState,
  findSuppression,
  hourOf,
  processEvent,
  type DetectorSettings,
  type Finding,
  type Geo,
  type TokenState,
} from '@tokenwatch/detectors';
import { applyEventToToken } from '@tokenwatch/registry';
import type { AlertStore, EventStore, SuppressionStore, TokenRegistry } from '@tokenwatch/store';
import { withBatchRevocations } from './batch-revocations';
import type { StageTimings } from './timings';
import { WritePipeline } from './writes';

export interface AnalyzerDeps {
  events: EventStore;
  alerts: AlertStore;
  tokens: TokenRegistry;
  suppressions: SuppressionStore;
  settings: DetectorSettings;
  now: () => number;
  geo?: (ip: string) => Geo | undefined;
  /** Publishes created / repeated alerts (to `token-alerts`); called before they are stored. */
  publish?: (alerts: readonly Alert[]) => Promise<void>;
  /** How often the suppression list is re-read. */
  suppressionRefreshMs?: number;
  /**
   * Registry rows are written at most this often (0: every batch). Safe to defer: the registry is derived from
   * stored events, and a restart re-applies the history window's events to it.
   */
  registryFlushMs?: number;
  /**
   * Where the per-token revocations expanded from a Tableau batch revocation go (see batch-revocations.ts):
   * scale-out publishes them to their owners' partitions; absent, they are stored and analysed here.
   */
  routeDerived?: (events: readonly TokenEvent[]) => Promise<void>;
  /** Where batches spend their time (restore, detectors, fold, publish, store, registry). */
  timings?: StageTimings;
}

export interface AnalyzerCounters {
  events: number;
  duplicates: number;
  late: number;
  findings: number;
  suppressed: number;
  alerts_created: number;
  alerts_repeated: number;
  tokens_restored: number;
  events_restored: number;
}

const RESTORE_PAGE = 10_000;
const MAX_CACHED_ALERTS = 50_000;

/**
 * The analyzer's core, independent of Kafka: per-token state, restore from the stores, detectors, alert
 * grouping, suppressions, registry updates. `processBatch` is called with the events of one Kafka batch; when
 * it resolves, everything the batch caused is published and stored, so the caller may commit the offsets.
 *
 * Restart and rebalance: a token seen for the first time (or again after `reset`) is restored by replaying its
 * stored events of the history window through the same detectors. Findings of events that were already handled
 * are recognised by the stored alerts (`applyFinding` treats a finding not newer than the alert's last_seen_at
 * as counted), findings of stored events that were never handled are raised now — so a restart neither
 * re-alerts nor misses.
 */
export class Analyzer {
  readonly counters: AnalyzerCounters = {
    events: 0,
    duplicates: 0,
    late: 0,
    findings: 0,
    suppressed: 0,
    alerts_created: 0,
    alerts_repeated: 0,
    tokens_restored: 0,
    events_restored: 0,
  };
  private states = new Map<string, TokenState>();
  private registry = new Map<string, Token>();
  private alertCache = new Map<string, Alert>();
  private dirtyTokens = new Set<string>();
  private registryFlushedAt = -Infinity;
  private suppressionList: Suppression[] = [];
  private suppressionsReadAt = -Infinity;
  private writes: WritePipeline;
  private silenceCheckedHour = -Infinity;
  /** Writes still in flight when `reset` was called; reading the stores waits for them. */
  private writesBeforeReset: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: AnalyzerDeps) {
    this.writes = this.newWritePipeline();
  }

  private newWritePipeline(): WritePipeline {
    const { alerts, tokens, publish, timings } = this.deps;
    return new WritePipeline({
      publish,
      putAlerts: (a) => alerts.putAlerts(a),
      appendAudit: (e) => alerts.appendAudit(e),
      upsertTokens: (t) => tokens.upsertTokens(t),
      timings,
    });
  }

  /**
   * Forgets all in-memory state (on partition reassignment, after a failed write): the next events restore from
   * the stores. Writes still in flight finish first; a failed chain is dropped (its batches are re-read).
   */
  reset(): void {
    // Unflushed registry rows are re-derived by whoever restores these tokens next.
    this.dirtyTokens.clear();
    this.states.clear();
    this.registry.clear();
    this.alertCache.clear();
    this.writesBeforeReset = Promise.all([this.writesBeforeReset, this.writes.settled()]);
    this.writes = this.newWritePipeline();
  }

  get activeTokens(): number {
    return this.states.size;
  }

  tokenState(tokenId: string): TokenState | undefined {
    return this.states.get(tokenId);
  }

  /**
   * Analyses one batch and waits until everything it caused is published and stored (see `submitBatch`).
   */
  async processBatch(events: readonly TokenEvent[]): Promise<Alert[]> {
    const { alerts, done } = await this.submitBatch(events);
    await done;
    return alerts;
  }

  /**
   * Runs restore, detectors and alert grouping for one batch and resolves as soon as the in-memory state has
   * taken it, so the caller can fetch the next batch while this one's writes are in flight. Its alerts are
   * published right away (after earlier batches' publishes) and stored once published (after earlier batches'
   * writes); `done` resolves when both are through. Batches settle in submission order, and once a write fails
   * every later batch's `done` rejects without writing: the caller must `reset` and re-read from its last
   * committed position.
   */
  async submitBatch(events: readonly TokenEvent[]): Promise<{ alerts: Alert[]; done: Promise<void> }> {
    events = await withBatchRevocations(events, {
      ...this.deps,
      flushRegistry: () => this.flushRegistry(),
      ...(this.deps.routeDerived ? { route: this.deps.routeDerived } : {}),
    });
    const findings: Finding[] = [];
    const unknown = new Map<string, number>();
    for (const e of events) {
      if (this.states.has(e.token_id)) continue;
      unknown.set(e.token_id, Math.min(unknown.get(e.token_id) ?? Infinity, e.occurred_at));
    }
    const touched = new Set<string>();
    const t = this.stage.bind(this);
    if (unknown.size > 0) findings.push(...(await t('restore', () => this.restore(unknown, touched))));
    await t('detectors', () => {
      for (const e of events) findings.push(...this.analyse(e, touched, true));
      return Promise.resolve();
    });
    const { alerts, audit } = await t('fold', () => this.fold(findings));
    for (const id of touched) this.dirtyTokens.add(id);
    const flush = this.deps.now() - this.registryFlushedAt >= (this.deps.registryFlushMs ?? 0);
    const done = this.writes.submit({ alerts, audit, tokens: flush ? this.takeDirtyTokens() : [] });
    // The caller handles `done`; this only keeps a failure from being reported as unhandled before it does.
    done.catch(() => undefined);
    return { alerts, done };
  }

  /**
   * Volume drops of tokens that went silent (see `detectSilence`), for a periodic tick: evaluated once per newly
   * closed hour, raised and written like a batch's alerts (`done` as in `submitBatch`).
   */
  async checkSilence(): Promise<{ alerts: Alert[]; done: Promise<void> }> {
    const now = this.deps.now();
    const closedHour = hourOf(now - this.deps.settings.allowedLatenessMs);
    if (closedHour <= this.silenceCheckedHour) return { alerts: [], done: Promise.resolve() };
    this.silenceCheckedHour = closedHour;
    const findings: Finding[] = [];
    for (const state of this.states.values()) {
      const source = this.registry.get(state.token_id)?.source;
      for (const f of detectSilence(state, now, this.deps.settings)) findings.push(source ? { ...f, source } : f);
    }
    const { alerts, audit } = await this.fold(findings);
    const done = this.writes.submit({ alerts, audit, tokens: [] });
    done.catch(() => undefined);
    return { alerts, done };
  }

  /** Batches whose writes are not through yet. */
  get writeBacklog(): number {
    return this.writes.backlog;
  }

  /** Resolves when every submitted batch has settled (its writes succeeded or failed). */
  async settled(): Promise<void> {
    await Promise.all([this.writesBeforeReset, this.writes.settled()]);
  }

  private stage<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.deps.timings ? this.deps.timings.time(name, work) : work();
  }

  /** Writes the registry rows changed since the last flush (after the batches in flight). */
  async flushRegistry(): Promise<void> {
    await this.writes.submit({ alerts: [], audit: [], tokens: this.takeDirtyTokens() });
  }

  private takeDirtyTokens(): Token[] {
    this.registryFlushedAt = this.deps.now();
    const tokens = [...this.dirtyTokens].map((id) => this.registry.get(id)).filter((t) => t !== undefined);
    this.dirtyTokens.clear();
    return tokens;
  }

  private analyse(e: TokenEvent, touched: Set<string>, live: boolean): Finding[] {
    const state = this.states.get(e.token_id)!;
    const geo = e.ip && this.deps.geo ? this.deps.geo(e.ip) : undefined;
    const result = processEvent(state, e, geo, this.deps.settings);
    if (live) {
      this.counters.events++;
      if (result.status === 'duplicate') this.counters.duplicates++;
      if (result.status === 'late') this.counters.late++;
    }
    if (result.status === 'processed') {
      this.registry.set(e.token_id, applyEventToToken(this.registry.get(e.token_id), e, this.deps.now()));
      touched.add(e.token_id);
    }
    return result.findings;
  }

  /**
   * Rebuilds the state of tokens not in memory: lifecycle and first/last use from the registry, then every
   * stored event from (earliest new event − history window) on, through the detectors.
   */
  private async restore(tokens: Map<string, number>, touched: Set<string>): Promise<Finding[]> {
    const ids = [...tokens.keys()];
    const from = Math.min(...tokens.values()) - this.deps.settings.historyWindowMs;
    await this.writesBeforeReset;
    for (const token of await this.deps.tokens.getTokens(ids)) this.registry.set(token.token_id, token);
    for (const id of ids) {
      const state = emptyState(id);
      const known = this.registry.get(id);
      if (known) {
        const { created_at, expires_at, revoked_at } = known;
        state.lifecycle = {
          ...(created_at !== undefined ? { created_at } : {}),
          ...(expires_at !== undefined ? { expires_at } : {}),
          ...(revoked_at !== undefined ? { revoked_at } : {}),
        };
        state.observed_since = known.first_seen_at;
        if (known.last_used_at !== undefined && known.last_used_at < from) state.last_use_at = known.last_used_at;
      }
      this.states.set(id, state);
    }
    this.counters.tokens_restored += ids.length;
    const findings: Finding[] = [];
    let after: { occurred_at: number; event_id: string } | undefined;
    for (;;) {
      const page = await this.deps.events.readEvents({
        tokenIds: ids,
        from,
        limit: RESTORE_PAGE,
        ...(after ? { after } : {}),
      });
      for (const e of page) findings.push(...this.analyse(e, touched, false));
      this.counters.events_restored += page.length;
      if (page.length < RESTORE_PAGE) break;
      const last = page[page.length - 1]!;
      after = { occurred_at: last.occurred_at, event_id: last.event_id };
    }
    return findings;
  }

  private async suppressions(): Promise<Suppression[]> {
    const now = this.deps.now();
    if (now - this.suppressionsReadAt >= (this.deps.suppressionRefreshMs ?? 30_000)) {
      this.suppressionList = await this.deps.suppressions.listSuppressions({});
      this.suppressionsReadAt = now;
    }
    return this.suppressionList;
  }

  private async fold(findings: Finding[]): Promise<{ alerts: Alert[]; audit: AlertAuditEntry[] }> {
    this.counters.findings += findings.length;
    if (findings.length === 0) return { alerts: [], audit: [] };
    const suppressions = await this.suppressions();
    const live = findings.filter((f) => {
      const suppressed = findSuppression(suppressions, f) !== undefined;
      if (suppressed) this.counters.suppressed++;
      return !suppressed;
    });
    const ids = live.map((f) => alertId(f.detector, f.token_id, f.key));
    let missing = [...new Set(ids.filter((id) => !this.alertCache.has(id)))];
    if (this.alertCache.size + missing.length > MAX_CACHED_ALERTS) {
      // Alerts still being written are only in the cache: reading them back must wait for the writes.
      await this.settled();
      this.alertCache.clear();
      missing = [...new Set(ids)];
    }
    if (missing.length > 0)
      for (const a of await this.stage('get_alerts', () => this.deps.alerts.getAlerts(missing)))
        this.alertCache.set(a.alert_id, a);
    const changed = new Map<string, Alert>();
    const audit: AlertAuditEntry[] = [];
    live.forEach((finding, i) => {
      const outcome = applyFinding(this.alertCache.get(ids[i]!), finding, this.deps.now());
      if (outcome.action === 'duplicate') return;
      if (outcome.action === 'created') this.counters.alerts_created++;
      else this.counters.alerts_repeated++;
      this.alertCache.set(outcome.alert.alert_id, outcome.alert);
      changed.set(outcome.alert.alert_id, outcome.alert);
      audit.push(outcome.audit);
    });
    return { alerts: [...changed.values()], audit };
  }
}
