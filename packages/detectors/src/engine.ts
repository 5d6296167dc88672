import type { TokenEvent } from '@tokenwatch/schema';
import { type Geo, buildContext } from './context';
import type { Finding } from './finding';
import { detectFailureBurst } from './failures';
import { applyLifecycle, detectDormantReuse, detectUseAfterEnd } from './lifecycle';
import { detectNewAsnCountry, detectNewIp, detectNewUserAgent } from './novelty';
import { detectConcurrentUse, detectImpossibleTravel, rememberUse } from './session';
import type { DetectorSettings } from './settings';
import { type TokenState, eventKey, pruneState } from './state';
import { detectVolumeDrop, detectVolumeSpike } from './volume';

export type ProcessStatus = 'processed' | 'duplicate' | 'late';

export interface ProcessResult {
  status: ProcessStatus;
  findings: Finding[];
}

/**
 * Runs every detector over one event of one token, in event time, and updates the token's state in place.
 * Pure apart from that mutation: no clock, no I/O — the same state and events always give the same findings.
 *
 * - An event id already processed within the allowed lateness is a `duplicate` (Kafka redelivery) and changes
 *   nothing.
 * - An event older than the token's newest event minus the allowed lateness is `late` and changes nothing.
 */
export function processEvent(
  state: TokenState,
  event: TokenEvent,
  geo: Geo | undefined,
  settings: DetectorSettings,
): ProcessResult {
  if (event.token_id !== state.token_id)
    throw new Error(`event for ${event.token_id} given to state of ${state.token_id}`);
  const at = event.occurred_at;
  const seenKey = eventKey(event.event_id);
  if (state.seen.has(seenKey)) return { status: 'duplicate', findings: [] };
  const previousWatermark = state.watermark;
  if (previousWatermark !== undefined && at < previousWatermark - settings.allowedLatenessMs) {
    return { status: 'late', findings: [] };
  }
  state.seen.set(seenKey, at);
  if (state.observed_since === undefined || at < state.observed_since) state.observed_since = at;
  if (previousWatermark === undefined || at > previousWatermark) state.watermark = at;

  const ctx = buildContext(event, geo, settings);
  const findings: Finding[] = [];
  applyLifecycle(state, ctx);
  findings.push(...detectUseAfterEnd(state, ctx));
  if (ctx.isAttempt) {
    findings.push(...detectVolumeDrop(state, ctx, previousWatermark));
    findings.push(...detectVolumeSpike(state, ctx));
  }
  findings.push(...detectFailureBurst(state, ctx));
  if (ctx.isUse) {
    findings.push(...detectDormantReuse(state, ctx));
    findings.push(...detectNewIp(state, ctx));
    findings.push(...detectNewAsnCountry(state, ctx));
    findings.push(...detectNewUserAgent(state, ctx));
    const use = rememberUse(state, ctx);
    findings.push(...detectConcurrentUse(state, ctx, use));
    findings.push(...detectImpossibleTravel(state, ctx, use));
  }
  pruneState(state, windowsOf(settings));
  return { status: 'processed', findings };
}

export function windowsOf(s: DetectorSettings): {
  history: number;
  baseline: number;
  recent: number;
  lateness: number;
} {
  return {
    history: s.historyWindowMs,
    baseline: (s.volumeBaselineDays + 1) * 86_400_000,
    recent: Math.max(s.concurrentWindowMs, s.failureBurstWindowMs) + s.allowedLatenessMs,
    lateness: s.allowedLatenessMs,
  };
}
