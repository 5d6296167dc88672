/**
 * Everything the detectors remember about one token: numbers, strings, records, arrays and three Maps (the
 * time-ordered parts, which are trimmed from the front on every event). `serializeState` / `deserializeState`
 * turn it into JSON text and back. The engine mutates it in place for speed; `cloneState` copies it.
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
  /** Hour start (epoch ms) → number of attempts in that hour. */
  hourly: Map<number, number>;
  /** Hours already reported as a spike or drop, so each hour raises at most one finding per kind. */
  volume_flagged: Map<number, 'spike' | 'drop'>;
  recent_uses: RecentUse[];
  /** The newest use with a location, for impossible_travel when the previous use left the recent window. */
  last_located?: RecentUse;
  recent_failures: RecentFailure[];
  burst?: Episode;
  ip_bursts: Record<string, Episode>;
  concurrent?: Episode;
  /** Watermark at the last full prune of the known-value records (once per hour of event time). */
  pruned_at?: number;
  /** 53-bit hashes of the event ids (`eventKey`) processed within the allowed lateness, so a redelivered event is not counted twice. */
  seen: Map<number, number>;
}

/**
 * A 53-bit hash of an event id (cyrb53): a number key costs a fraction of the id string in memory, which matters
 * for busy tokens (rate × allowed lateness ids). Two ids colliding within one token's lateness window has odds
 * around 1 in 10^12 per pair.
 */
export function eventKey(id: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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
    hourly: new Map(),
    volume_flagged: new Map(),
    recent_uses: [],
    recent_failures: [],
    ip_bursts: {},
    seen: new Map(),
  };
}

export function cloneState(state: TokenState): TokenState {
  return structuredClone(state);
}

/** JSON text of a state (Maps as entry lists), for storage, comparison and tests. */
export function serializeState(state: TokenState): string {
  return JSON.stringify({
    ...state,
    hourly: [...state.hourly],
    volume_flagged: [...state.volume_flagged],
    seen: [...state.seen],
  });
}

export function deserializeState(text: string): TokenState {
  const raw = JSON.parse(text) as TokenState & {
    hourly: [number, number][];
    volume_flagged: [number, 'spike' | 'drop'][];
    seen: [number, number][];
  };
  return { ...raw, hourly: new Map(raw.hourly), volume_flagged: new Map(raw.volume_flagged), seen: new Map(raw.seen) };
}

function pruneRecord(record: Record<string, number>, oldest: number): void {
  for (const key in record) if (record[key]! < oldest) delete record[key];
}

/**
 * Drops entries from the front of a Map whose keys were inserted roughly in time order, stopping at the first
 * fresh one: O(entries dropped), not O(size). An entry inserted out of order (a late event) goes once the
 * entries before it have gone.
 */
function pruneOrdered<K, V>(map: Map<K, V>, isOld: (key: K, value: V) => boolean): void {
  for (const [key, value] of map) {
    if (!isOld(key, value)) return;
    map.delete(key);
  }
}

function dropOld<T extends { at: number }>(list: T[], oldest: number): void {
  let n = 0;
  while (n < list.length && list[n]!.at < oldest) n++;
  if (n > 0) list.splice(0, n);
}

/**
 * Forgets what fell out of every window, measured from the watermark (event time), so memory per token stays
 * bounded by the settings, not by the token's age. Cheap enough to run on every event: time-ordered parts are
 * trimmed from the front; the small known-value records are scanned once per hour of event time.
 */
export function pruneState(
  state: TokenState,
  windows: { history: number; baseline: number; recent: number; lateness: number },
): void {
  const w = state.watermark;
  if (w === undefined) return;
  const oldestSeen = w - windows.lateness;
  pruneOrdered(state.seen, (_, at) => at < oldestSeen);
  const oldestHour = w - windows.baseline;
  pruneOrdered(state.hourly, (hour) => hour < oldestHour);
  pruneOrdered(state.volume_flagged, (hour) => hour < oldestHour);
  const oldestRecent = w - windows.recent;
  dropOld(state.recent_uses, oldestRecent);
  dropOld(state.recent_failures, oldestRecent);
  if (state.pruned_at !== undefined && w - state.pruned_at < 3_600_000) return;
  state.pruned_at = w;
  pruneRecord(state.networks, w - windows.history);
  pruneRecord(state.asns, w - windows.history);
  pruneRecord(state.countries, w - windows.history);
  pruneRecord(state.agents, w - windows.history);
  for (const ip in state.ip_bursts) if (state.ip_bursts[ip]!.last < oldestRecent) delete state.ip_bursts[ip];
}
