/**
 * Everything the detectors remember about one token. Plain JSON (numbers, strings, records, arrays) so it can be
 * serialised, compared in tests and rebuilt from stored events. The engine mutates it in place for speed; a
 * caller who needs an immutable copy uses `cloneState`.
 */
export interface Lifecycle {
  created_at?: number;
  expires_at?: number;
  revoked_at?: number;
}

/** A recent successful use, kept for concurrent_use and impossible_travel. */
export interface RecentUse {
  at: number;
  event_id: string;
  ip: string;
  /** The IP at the configured network granularity, so A→B within one /24 is no switch. */
  net: string;
  lat?: number;
  lon?: number;
  country?: string;
  /** From a cloud / VPN range: location is meaningless. */
  excluded?: boolean;
}

export interface RecentFailure {
  at: number;
  event_id: string;
  ip?: string;
}

/** An open episode (burst, concurrent use): findings while it lasts group into one alert keyed by `start`. */
export interface Episode {
  start: number;
  last: number;
}

export interface TokenState {
  v: 1;
  token_id: string;
  /** Event time of the first event observed for this token (learning period starts here). */
  observed_since?: number;
  /** Newest event time seen: lateness is measured against it. */
  watermark?: number;
  lifecycle: Lifecycle;
  last_use_at?: number;
  /** Known values → event time last seen, per dimension. */
  networks: Record<string, number>;
  asns: Record<string, number>;
  countries: Record<string, number>;
  agents: Record<string, number>;
  /** Hour start (epoch ms, as text) → number of events in that hour. */
  hourly: Record<string, number>;
  /** Hours already reported as a spike or drop, so each hour raises at most one finding per kind. */
  volume_flagged: Record<string, 'spike' | 'drop'>;
  recent_uses: RecentUse[];
  /** The newest use with a location, for impossible_travel when the previous use left the recent window. */
  last_located?: RecentUse;
  recent_failures: RecentFailure[];
  burst?: Episode;
  ip_bursts: Record<string, Episode>;
  concurrent?: Episode;
  /** Watermark at the last prune: pruning runs once per minute of event time, not on every event. */
  pruned_at?: number;
  /** Event ids processed within the allowed lateness, so a redelivered event is not counted twice. */
  seen: Record<string, number>;
}

export function emptyState(token_id: string): TokenState {
  return {
    v: 1,
    token_id,
    lifecycle: {},
    networks: {},
    asns: {},
    countries: {},
    agents: {},
    hourly: {},
    volume_flagged: {},
    recent_uses: [],
    recent_failures: [],
    ip_bursts: {},
    seen: {},
  };
}

export function cloneState(state: TokenState): TokenState {
  return structuredClone(state);
}

function pruneRecord(record: Record<string, number>, oldest: number): void {
  for (const key in record) if (record[key]! < oldest) delete record[key];
}

/**
 * Forgets what fell out of every window, measured from the watermark (event time), so memory per token stays
 * bounded by the settings, not by the token's age.
 */
export function pruneState(
  state: TokenState,
  windows: { history: number; baseline: number; recent: number; lateness: number },
): void {
  const w = state.watermark;
  if (w === undefined || (state.pruned_at !== undefined && w - state.pruned_at < 60_000)) return;
  state.pruned_at = w;
  pruneRecord(state.networks, w - windows.history);
  pruneRecord(state.asns, w - windows.history);
  pruneRecord(state.countries, w - windows.history);
  pruneRecord(state.agents, w - windows.history);
  pruneRecord(state.seen, w - windows.lateness);
  const oldestHour = w - windows.baseline;
  for (const key in state.hourly) if (Number(key) < oldestHour) delete state.hourly[key];
  for (const key in state.volume_flagged) if (Number(key) < oldestHour) delete state.volume_flagged[key];
  const oldestRecent = w - windows.recent;
  state.recent_uses = state.recent_uses.filter((u) => u.at >= oldestRecent);
  state.recent_failures = state.recent_failures.filter((f) => f.at >= oldestRecent);
  for (const ip in state.ip_bursts) if (state.ip_bursts[ip]!.last < oldestRecent) delete state.ip_bursts[ip];
}
