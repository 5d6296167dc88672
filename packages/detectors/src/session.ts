import type { Finding } from './finding';
import { type EventContext, findingBase, isoTime } from './context';
import { episodeFor, insertSorted, windowOf } from './failures';
import { distanceKm } from './network';
import type { RecentUse, TokenState } from './state';

/** Records a successful use in the recent list (both session detectors read it). */
export function rememberUse(state: TokenState, ctx: EventContext): RecentUse | undefined {
  if (!ctx.isUse || !ctx.event.ip || ctx.net === undefined) return undefined;
  const use: RecentUse = {
    at: ctx.at,
    event_id: ctx.event.event_id,
    ip: ctx.event.ip,
    net: ctx.settings.newIpGranularity === 'asn' ? ctx.event.ip : ctx.net,
    ...(ctx.lat !== undefined && ctx.lon !== undefined ? { lat: ctx.lat, lon: ctx.lon } : {}),
    ...(ctx.country ? { country: ctx.country } : {}),
    ...(ctx.excludedFromTravel ? { excluded: true } : {}),
  };
  insertSorted(state.recent_uses, use);
  return use;
}

/**
 * concurrent_use: successful uses alternate between networks within minutes (A→B→A, or A→B→C). A Tableau PAT
 * allows one session at a time, so alternation means two parties hold the token; a single change (A…A→B…B) is
 * a legitimate move and does not count.
 */
export function detectConcurrentUse(state: TokenState, ctx: EventContext, use: RecentUse | undefined): Finding[] {
  if (!use) return [];
  const s = ctx.settings;
  const inWindow = windowOf(state.recent_uses, ctx.at - s.concurrentWindowMs - 1, ctx.at);
  let switches = 0;
  for (let i = 1; i < inWindow.length; i++) if (inWindow[i]!.net !== inWindow[i - 1]!.net) switches++;
  if (switches < s.concurrentMinSwitches) return [];
  state.concurrent = episodeFor(state.concurrent, inWindow[0]!.at, ctx.at, s.concurrentWindowMs);
  const ips = [...new Set(inWindow.map((u) => u.ip))];
  const minutes = Math.round(s.concurrentWindowMs / 60_000);
  return [
    {
      ...findingBase(ctx),
      detector: 'concurrent_use',
      key: `episode@${state.concurrent.start}`,
      severity: 'high',
      title: `Token alternates between ${ips.length} IPs within ${minutes} min`,
      explanation:
        `Token ${ctx.label} switched networks ${switches} times within ${minutes} minutes up to ${isoTime(ctx.at)} ` +
        `between ${ips.slice(0, 5).join(', ')}: a token that allows one session at a time is held by more than one party.`,
      evidence: {
        event_ids: inWindow.map((u) => u.event_id).slice(-100),
        values: { switches, ips: ips.slice(0, 20), sequence: inWindow.slice(-20).map((u) => u.ip) },
        baseline: { min_switches: s.concurrentMinSwitches, window_ms: s.concurrentWindowMs },
      },
    },
  ];
}

/**
 * impossible_travel: the previous located use (in event time) is farther away than the minimum distance and
 * would need a speed above the maximum. Uses from excluded cloud / VPN networks are not judged.
 */
export function detectImpossibleTravel(state: TokenState, ctx: EventContext, use: RecentUse | undefined): Finding[] {
  if (!use || use.lat === undefined || use.lon === undefined || use.excluded) return [];
  const s = ctx.settings;
  const index = state.recent_uses.lastIndexOf(use);
  let previous: RecentUse | undefined;
  for (let i = index - 1; i >= 0 && !previous; i--) {
    const u = state.recent_uses[i]!;
    if (u.lat !== undefined && !u.excluded && u.event_id !== use.event_id) previous = u;
  }
  const last = state.last_located;
  if (!previous && last && last.at <= use.at && last.event_id !== use.event_id) previous = last;
  if (!last || use.at >= last.at) state.last_located = use;
  if (!previous || previous.lat === undefined || previous.lon === undefined) return [];
  const km = distanceKm(previous.lat, previous.lon, use.lat, use.lon);
  if (km < s.travelMinDistanceKm) return [];
  const hours = Math.max(use.at - previous.at, 1) / 3_600_000;
  const speed = km / hours;
  if (speed <= s.travelMaxSpeedKmh) return [];
  const day = Math.floor(use.at / 86_400_000);
  const minutes = Math.round((use.at - previous.at) / 60_000);
  return [
    {
      ...findingBase(ctx),
      detector: 'impossible_travel',
      key: `day:${day}`,
      severity: 'high',
      title: `Impossible travel: ${Math.round(km)} km in ${minutes} min`,
      explanation:
        `Token ${ctx.label} was used from ${previous.ip}${previous.country ? ` (${previous.country})` : ''} at ` +
        `${isoTime(previous.at)} and from ${use.ip}${use.country ? ` (${use.country})` : ''} ${minutes} minutes later, ` +
        `${Math.round(km)} km apart (${Math.round(speed)} km/h, above ${s.travelMaxSpeedKmh} km/h).`,
      evidence: {
        event_ids: [previous.event_id, use.event_id],
        values: {
          distance_km: Math.round(km),
          speed_kmh: Math.round(speed),
          from: { ip: previous.ip, lat: previous.lat, lon: previous.lon, country: previous.country },
          to: { ip: use.ip, lat: use.lat, lon: use.lon, country: use.country },
        },
        baseline: { max_speed_kmh: s.travelMaxSpeedKmh, min_distance_km: s.travelMinDistanceKm },
      },
    },
  ];
}
