import type { Finding } from './finding';
import { type EventContext, findingBase, isoTime } from './context';
import type { DetectorSettings } from './settings';
import type { TokenState } from './state';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function hourOf(at: number): number {
  return Math.floor(at / HOUR) * HOUR;
}

/**
 * The expected count for an hour: the mean of the same hour of day on the previous days the token was observed
 * (daily seasonality: a token busy at 09:00 every day is not spiking at 09:00). Undefined while the token has
 * fewer than `volumeMinHistoryDays` of history.
 */
export function expectedCount(state: TokenState, hour: number, s: DetectorSettings): number | undefined {
  if (state.observed_since === undefined) return undefined;
  // The baseline of an hour only changes with late events for earlier days; recompute when the hour changes
  // or the hourly map changed size (a late event opened a new hour), not for every event of a busy hour.
  const cached = expectedCache.get(state);
  if (cached && cached.hour === hour && cached.size === state.hourly.size && cached.since === state.observed_since) {
    return cached.value;
  }
  const value = computeExpected(state, hour, s);
  expectedCache.set(state, { hour, size: state.hourly.size, since: state.observed_since, value });
  return value;
}

const expectedCache = new WeakMap<
  TokenState,
  { hour: number; size: number; since: number; value: number | undefined }
>();

function computeExpected(state: TokenState, hour: number, s: DetectorSettings): number | undefined {
  if (state.observed_since === undefined) return undefined;
  const historyDays = Math.floor((hour - state.observed_since) / DAY);
  if (historyDays < s.volumeMinHistoryDays) return undefined;
  const n = Math.min(s.volumeBaselineDays, historyDays);
  let sum = 0;
  for (let d = 1; d <= n; d++) sum += state.hourly.get(hour - d * DAY) ?? 0;
  return sum / n;
}

/** The smallest count that is a spike against `expected`: a minimum volume, a ratio and a Poisson-like margin. */
export function spikeThreshold(expected: number, s: DetectorSettings): number {
  return Math.max(
    s.spikeMinCount,
    Math.ceil(s.spikeRatio * expected),
    Math.floor(expected + s.spikeZ * Math.sqrt(Math.max(expected, 1))) + 1,
  );
}

/** Counts the attempt in its hour and reports a spike the moment the hour's count reaches the threshold. */
export function detectVolumeSpike(state: TokenState, ctx: EventContext): Finding[] {
  if (!ctx.isAttempt) return [];
  const hour = hourOf(ctx.at);
  const count = (state.hourly.get(hour) ?? 0) + 1;
  state.hourly.set(hour, count);
  if (state.volume_flagged.get(hour) === 'spike') return [];
  const expected = expectedCount(state, hour, ctx.settings);
  if (expected === undefined) return [];
  const threshold = spikeThreshold(expected, ctx.settings);
  if (count < threshold) return [];
  state.volume_flagged.set(hour, 'spike');
  const rounded = Math.round(expected * 10) / 10;
  return [
    {
      ...findingBase(ctx),
      detector: 'volume_spike',
      key: `hour:${hour}`,
      severity: count >= threshold * 3 ? 'high' : 'medium',
      title: `Usage spike: ${count} events in the hour from ${isoTime(hour)}`,
      explanation:
        `Token ${ctx.label} made ${count} requests in the hour starting ${isoTime(hour)}, against ${rounded} ` +
        `expected for that hour of day from its last ${ctx.settings.volumeBaselineDays} days (threshold ${threshold}).`,
      evidence: {
        event_ids: [ctx.event.event_id],
        values: { count, hour },
        baseline: { expected, threshold, days: ctx.settings.volumeBaselineDays },
      },
    },
  ];
}

/**
 * volume_drop: hours that closed (event time moved past them) with far fewer events than expected. Called with
 * the previous and new watermark; looks at most 48 closed hours back so a long silence costs little.
 */
export function detectVolumeDrop(
  state: TokenState,
  ctx: EventContext,
  previousWatermark: number | undefined,
): Finding[] {
  if (previousWatermark === undefined) return [];
  return dropsBetween(state, ctx.settings, hourOf(previousWatermark), hourOf(ctx.at), {
    token_id: ctx.event.token_id,
    source: ctx.event.source,
    event_id: ctx.event.event_id,
    label: ctx.label,
  });
}

/**
 * volume_drop for a token that has gone silent: the hours after its newest event that closed before
 * `now − allowed lateness` (so no late event can still count) with far fewer events than expected. A periodic
 * tick calls it for every active token with the injected clock, so a silent token is flagged without waiting for
 * its next event. Same key as the event path: whichever sees an hour first raises it, the other skips it.
 */
export function detectSilence(state: TokenState, now: number, settings: DetectorSettings): Finding[] {
  if (state.watermark === undefined) return [];
  return dropsBetween(state, settings, hourOf(state.watermark), hourOf(now - settings.allowedLatenessMs), {
    token_id: state.token_id,
    event_id: '',
    label: state.token_id,
  });
}

function dropsBetween(
  state: TokenState,
  s: DetectorSettings,
  fromHour: number,
  toHour: number,
  who: { token_id: string; source?: Finding['source']; event_id: string; label: string },
): Finding[] {
  const findings: Finding[] = [];
  for (let hour = Math.max(fromHour, toHour - 48 * HOUR); hour < toHour; hour += HOUR) {
    if (state.volume_flagged.has(hour)) continue;
    const expected = expectedCount(state, hour, s);
    if (expected === undefined || expected < s.dropMinExpected) continue;
    const count = state.hourly.get(hour) ?? 0;
    if (count > expected * s.dropRatio) continue;
    state.volume_flagged.set(hour, 'drop');
    const rounded = Math.round(expected * 10) / 10;
    findings.push({
      token_id: who.token_id,
      ...(who.source !== undefined ? { source: who.source } : {}),
      event_id: who.event_id,
      at: hour + HOUR,
      detector: 'volume_drop',
      key: `hour:${hour}`,
      severity: 'low',
      title: `Usage drop: ${count} events in the hour from ${isoTime(hour)}`,
      explanation:
        `Token ${who.label} made ${count} requests in the hour starting ${isoTime(hour)}, against ${rounded} ` +
        `expected for that hour of day: the integration that uses it may have broken or moved to another token.`,
      evidence: { event_ids: [], values: { count, hour }, baseline: { expected, ratio: s.dropRatio } },
    });
  }
  return findings;
}
