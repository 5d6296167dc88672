import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import {
  DAY,
  HOUR,
  T0,
  byTime,
  detectSilence,
  detectorSettings,
  expectedCount,
  emptyState,
  processEvent,
  replay,
  spread,
} from './index';

const settings = detectorSettings();
const run = (events: TokenEvent[]) => replay(byTime(events), { settings, now: () => T0 }).alerts;
const at = { ip: '198.51.100.10' };

/** Daily seasonality: 5 events an hour all day, 120 in the 09:00 hour (a nightly-morning extract). */
function seasonal(days: number): TokenEvent[] {
  const events: TokenEvent[] = [];
  for (let d = 0; d < days; d++) {
    for (let h = 0; h < 24; h++) events.push(...spread(h === 9 ? 120 : 5, T0 + d * DAY + h * HOUR, HOUR, at));
  }
  return events;
}

describe('volume_spike', () => {
  it('the normal peak hour of a token with daily seasonality is not a spike', () => {
    const alerts = run(seasonal(9));
    expect(alerts.filter((a) => a.detector === 'volume_spike')).toEqual([]);
  });

  it('the same volume at an hour that is normally quiet is a spike, reported once for that hour', () => {
    const spikeHour = T0 + 8 * DAY + 14 * HOUR;
    const alerts = run([...seasonal(8), ...spread(120, spikeHour, HOUR, at)]).filter(
      (a) => a.detector === 'volume_spike',
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.evidence.baseline).toMatchObject({ expected: 5 });
    expect(alerts[0]!.evidence.values).toMatchObject({ count: 30, hour: spikeHour });
    expect(alerts[0]!.explanation).toMatch(
      /made 30 requests in the hour starting 2026-01-13T14:00:00Z, against 5 expected/,
    );
  });

  it('a peak of twice the usual peak is not a spike; four times is', () => {
    const peak = T0 + 8 * DAY + 9 * HOUR;
    expect(run([...seasonal(8), ...spread(240, peak, HOUR, at)]).filter((a) => a.detector === 'volume_spike')).toEqual(
      [],
    );
    expect(
      run([...seasonal(8), ...spread(480, peak, HOUR, at)]).filter((a) => a.detector === 'volume_spike'),
    ).toHaveLength(1);
  });

  it('a quiet token going from 1 to 3 an hour is below the minimum volume', () => {
    const quiet = spread(8 * 24, T0, 8 * DAY, at);
    expect(
      run([...quiet, ...spread(3, T0 + 8 * DAY + 3 * HOUR, HOUR, at)]).filter((a) => a.detector === 'volume_spike'),
    ).toEqual([]);
  });

  it('cold start: no volume finding before the minimum history', () => {
    const events = [...spread(24, T0, DAY, at), ...spread(500, T0 + 2 * DAY, HOUR, at)];
    expect(run(events).filter((a) => a.detector.startsWith('volume'))).toEqual([]);
  });

  it('the expected count is the mean of the same hour on previous days', () => {
    const state = emptyState('tok-1');
    for (const e of byTime(seasonal(4))) processEvent(state, e, undefined, settings);
    expect(expectedCount(state, T0 + 4 * DAY + 9 * HOUR, settings)).toBe(120);
    expect(expectedCount(state, T0 + 4 * DAY + 10 * HOUR, settings)).toBe(5);
    expect(expectedCount(state, T0 + 2 * DAY + 9 * HOUR, settings)).toBeUndefined();
  });
});

describe('volume_drop', () => {
  it('a peak hour that closes nearly empty is a drop; a normal one is not', () => {
    const events = seasonal(8).filter(
      (e) => !(e.occurred_at >= T0 + 7 * DAY + 9 * HOUR && e.occurred_at < T0 + 7 * DAY + 10 * HOUR),
    );
    events.push(...spread(3, T0 + 7 * DAY + 9 * HOUR, HOUR, at));
    const drops = run(events).filter((a) => a.detector === 'volume_drop');
    expect(drops).toHaveLength(1);
    expect(drops[0]!.first_seen_at).toBe(T0 + 7 * DAY + 10 * HOUR);
    expect(drops[0]!.severity).toBe('low');
  });

  it('a token that goes silent is flagged by the tick once the hour and the allowed lateness have passed', () => {
    const state = emptyState('tok-silent');
    // Seven seasonal days, then nothing from day 8 on: its 09:00 peak (120 expected) never comes.
    for (const e of byTime(seasonal(7))) processEvent(state, { ...e, token_id: 'tok-silent' }, undefined, settings);
    const peakEnd = T0 + 7 * DAY + 10 * HOUR;
    expect(detectSilence(state, peakEnd + settings.allowedLatenessMs - 1, settings)).toEqual([]);
    const findings = detectSilence(state, peakEnd + settings.allowedLatenessMs, settings);
    expect(findings.map((f) => [f.detector, f.key, f.at])).toEqual([
      ['volume_drop', `hour:${T0 + 7 * DAY + 9 * HOUR}`, peakEnd],
    ]);
    // The next tick, and the next event, do not flag that hour again.
    expect(detectSilence(state, peakEnd + 2 * settings.allowedLatenessMs, settings)).toEqual([]);
    const next = processEvent(
      state,
      { ...spread(1, peakEnd + HOUR, HOUR, at)[0]!, token_id: 'tok-silent' },
      undefined,
      settings,
    );
    expect(next.findings.filter((f) => f.key === `hour:${T0 + 7 * DAY + 9 * HOUR}`)).toEqual([]);
  });

  it('a token that keeps its usual volume is never flagged by the tick', () => {
    const state = emptyState('tok-steady');
    for (const e of byTime(seasonal(8))) processEvent(state, { ...e, token_id: 'tok-steady' }, undefined, settings);
    expect(detectSilence(state, T0 + 8 * DAY, settings)).toEqual([]);
  });
});
