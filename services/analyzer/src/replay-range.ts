import type { Alert, TokenEvent } from '@tokenwatch/schema';
import { replay, type DetectorSettings, type Geo, type Lifecycle, type TokenState } from '@tokenwatch/detectors';
import type { EventStore, SuppressionStore, TokenRegistry } from '@tokenwatch/store';

export interface ReplayRangeOptions {
  events: EventStore;
  tokens: TokenRegistry;
  suppressions?: SuppressionStore;
  settings: DetectorSettings;
  from: number;
  to: number;
  now: () => number;
  geo?: (ip: string) => Geo | undefined;
  /** Events read per query. */
  pageSize?: number;
}

/**
 * The alerts the detectors would have raised over stored events in [from, to), without publishing or storing
 * anything. Events of the history window before `from` warm the state up first (their findings are dropped),
 * so a replay of one day judges that day the way the live analyzer did, not as a cold start.
 */
export interface ReplayRangeResult {
  alerts: Alert[];
  events: number;
  duplicates: number;
  late: number;
  suppressed: number;
}

export async function replayRange(options: ReplayRangeOptions): Promise<ReplayRangeResult> {
  const pageSize = options.pageSize ?? 10_000;
  const warmFrom = options.from - options.settings.historyWindowMs;
  const suppressions = options.suppressions ? await options.suppressions.listSuppressions({}) : [];
  const lifecycle = new Map<string, Lifecycle>();
  let afterToken: string | undefined;
  for (;;) {
    const tokens = await options.tokens.listTokens({ limit: 1000, ...(afterToken ? { after: afterToken } : {}) });
    for (const t of tokens) {
      lifecycle.set(t.token_id, {
        ...(t.created_at !== undefined ? { created_at: t.created_at } : {}),
        ...(t.expires_at !== undefined ? { expires_at: t.expires_at } : {}),
        ...(t.revoked_at !== undefined ? { revoked_at: t.revoked_at } : {}),
      });
    }
    if (tokens.length < 1000) break;
    afterToken = tokens[tokens.length - 1]!.token_id;
  }
  const base = {
    settings: options.settings,
    now: options.now,
    lifecycle,
    suppressions,
    ...(options.geo ? { geo: options.geo } : {}),
  };
  const states = new Map<string, TokenState>();
  // Warm-up findings go to a map that is thrown away.
  await eachPage(options.events, warmFrom, options.from, pageSize, (page) => {
    replay(page, { ...base, states });
  });
  const alerts = new Map<string, Alert>();
  const totals = { events: 0, duplicates: 0, late: 0, suppressed: 0 };
  await eachPage(options.events, options.from, options.to, pageSize, (page) => {
    const r = replay(page, { ...base, states, alerts });
    totals.events += r.events;
    totals.duplicates += r.duplicates;
    totals.late += r.late;
    totals.suppressed += r.suppressed;
  });
  const list = [...alerts.values()].sort(
    (a, b) => a.first_seen_at - b.first_seen_at || (a.alert_id < b.alert_id ? -1 : 1),
  );
  return { alerts: list, ...totals };
}

/** Reads [from, to) page by page in (occurred_at, event_id) order; memory is one page, not the range. */
async function eachPage(
  store: EventStore,
  from: number,
  to: number,
  pageSize: number,
  fn: (page: TokenEvent[]) => void,
): Promise<void> {
  let after: { occurred_at: number; event_id: string } | undefined;
  for (;;) {
    const page = await store.readEvents({ from, to, limit: pageSize, ...(after ? { after } : {}) });
    fn(page);
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { occurred_at: last.occurred_at, event_id: last.event_id };
  }
}
