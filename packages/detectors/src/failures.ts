import type { Finding } from './finding';
import { type EventContext, findingBase, isoTime } from './context';
import type { Episode, TokenState } from './state';

/** Most recent entries kept per list, so one very busy token cannot grow without bound. */
export const MAX_RECENT = 1000;

/** Inserts keeping event-time order, so a late event lands where it happened. */
export function insertSorted<T extends { at: number }>(list: T[], item: T): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.at > item.at) i--;
  list.splice(i, 0, item);
  if (list.length > MAX_RECENT) list.splice(0, list.length - MAX_RECENT);
}

/** The entries with from < at <= to of a list sorted by `at` (scans back from the end: windows are recent). */
export function windowOf<T extends { at: number }>(list: readonly T[], from: number, to: number): T[] {
  let end = list.length;
  while (end > 0 && list[end - 1]!.at > to) end--;
  let start = end;
  while (start > 0 && list[start - 1]!.at > from) start--;
  return list.slice(start, end);
}

/** Joins the open episode when it is still going (within the window of its last finding), else starts one. */
export function episodeFor(current: Episode | undefined, start: number, at: number, window: number): Episode {
  if (current && at >= current.start && at - current.last <= window) {
    return { start: current.start, last: Math.max(current.last, at) };
  }
  return { start, last: at };
}

/**
 * auth_failure_burst: at least N failures for the token (or M from one IP on the token) within the window. One
 * burst is one alert; further failures while it goes on repeat it.
 */
export function detectFailureBurst(state: TokenState, ctx: EventContext): Finding[] {
  if (!ctx.isFailure) return [];
  const s = ctx.settings;
  const ip = ctx.event.ip;
  insertSorted(state.recent_failures, { at: ctx.at, event_id: ctx.event.event_id, ...(ip ? { ip } : {}) });
  const from = ctx.at - s.failureBurstWindowMs;
  const inWindow = windowOf(state.recent_failures, from, ctx.at);
  const findings: Finding[] = [];
  const minutes = Math.round(s.failureBurstWindowMs / 60_000);

  if (inWindow.length >= s.failureBurstPerToken) {
    state.burst = episodeFor(state.burst, inWindow[0]!.at, ctx.at, s.failureBurstWindowMs);
    const ips = [...new Set(inWindow.map((f) => f.ip ?? 'unknown'))];
    findings.push({
      ...findingBase(ctx),
      detector: 'auth_failure_burst',
      key: `token@${state.burst.start}`,
      severity: 'high',
      title: `${inWindow.length} failed authentications in ${minutes} min`,
      explanation:
        `Token ${ctx.label} had ${inWindow.length} failed authentications within ${minutes} minutes up to ` +
        `${isoTime(ctx.at)} from ${ips.length} IP(s) (${ips.slice(0, 5).join(', ')}), at or above the threshold of ` +
        `${s.failureBurstPerToken}: someone may be guessing or replaying its secret.`,
      evidence: {
        event_ids: inWindow.map((f) => f.event_id).slice(-100),
        values: { failures: inWindow.length, window_ms: s.failureBurstWindowMs, ips: ips.slice(0, 20) },
        baseline: { threshold: s.failureBurstPerToken },
      },
    });
  }

  if (ip) {
    const fromIp = inWindow.filter((f) => f.ip === ip);
    if (fromIp.length >= s.failureBurstPerIp) {
      const episode = episodeFor(state.ip_bursts[ip], fromIp[0]!.at, ctx.at, s.failureBurstWindowMs);
      state.ip_bursts[ip] = episode;
      findings.push({
        ...findingBase(ctx),
        detector: 'auth_failure_burst',
        key: `ip:${ip}@${episode.start}`,
        severity: 'high',
        title: `${fromIp.length} failed authentications from ${ip} in ${minutes} min`,
        explanation:
          `Token ${ctx.label} had ${fromIp.length} failed authentications from ${ip} within ${minutes} minutes up ` +
          `to ${isoTime(ctx.at)}, at or above the per-IP threshold of ${s.failureBurstPerIp}.`,
        evidence: {
          event_ids: fromIp.map((f) => f.event_id).slice(-100),
          values: { failures: fromIp.length, ip, window_ms: s.failureBurstWindowMs },
          baseline: { threshold: s.failureBurstPerIp },
        },
      });
    }
  }
  return findings;
}
