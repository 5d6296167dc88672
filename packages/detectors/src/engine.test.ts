import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import {
  DAY,
  HOUR,
  MIN,
  T0,
  byTime,
  detectorSettings,
  emptyState,
  processEvent,
  replay,
  spread,
  tokenEvent,
  deserializeState,
  serializeState,
  type TokenState,
} from './index';

const settings = detectorSettings();

/** A busy scenario with something for most detectors, over two tokens. */
function scenario(): TokenEvent[] {
  const events: TokenEvent[] = [];
  for (const token_id of ['tok-a', 'tok-b']) {
    events.push(...spread(9 * 24 * 4, T0, 9 * DAY, { token_id, ip: '198.51.100.10' }));
    const t = T0 + 9 * DAY;
    events.push(tokenEvent({ token_id, at: t, ip: '203.0.113.7' }));
    events.push(
      ...spread(12, t + HOUR, 3 * MIN, { token_id, ip: '192.0.2.1', kind: 'token.auth_failed', outcome: 'failure' }),
    );
    events.push(
      ...['198.51.100.10', '192.0.2.20', '198.51.100.10'].map((ip, i) =>
        tokenEvent({ token_id, at: t + 2 * HOUR + i * MIN, ip }),
      ),
    );
    events.push(tokenEvent({ token_id, at: t + 3 * HOUR, kind: 'token.revoked' }));
    events.push(tokenEvent({ token_id, at: t + 4 * HOUR, ip: '198.51.100.10' }));
    events.push(tokenEvent({ token_id, at: t + 5 * HOUR, ip: '198.51.100.10' }));
  }
  return byTime(events);
}

describe('processEvent', () => {
  it('serialised state continues exactly: stop half-way, JSON round trip, go on → same alerts', () => {
    const events = scenario();
    const whole = replay(events, { settings, now: () => T0 });
    expect(new Set(whole.alerts.map((a) => a.detector))).toEqual(
      new Set(['new_ip', 'auth_failure_burst', 'concurrent_use', 'use_after_revocation']),
    );
    // Cut in the middle of the failure burst of the second token, after the first token's alerts began.
    const half = events.length - 20;
    const first = replay(events.slice(0, half), { settings, now: () => T0 });
    const restored = new Map<string, TokenState>(
      [...first.states].map(([k, v]) => [k, deserializeState(serializeState(v))]),
    );
    const second = replay(events.slice(half), { settings, now: () => T0, states: restored });
    expect(first.alerts.length).toBeGreaterThan(0);
    expect(second.alerts.length).toBeGreaterThan(0);
    const merged = new Map(first.alerts.map((a) => [a.alert_id, a]));
    for (const a of second.alerts) {
      const before = merged.get(a.alert_id);
      merged.set(
        a.alert_id,
        before
          ? { ...a, count: before.count + a.count, first_seen_at: before.first_seen_at, evidence: before.evidence }
          : a,
      );
    }
    const key = (a: { alert_id: string; count: number }) => `${a.alert_id}×${a.count}`;
    expect([...merged.values()].map(key).sort()).toEqual(whole.alerts.map(key).sort());
  });

  it('a redelivered event is a duplicate and changes nothing', () => {
    const state = emptyState('tok-1');
    const e = tokenEvent({ at: T0, ip: '198.51.100.10' });
    expect(processEvent(state, e, undefined, settings).status).toBe('processed');
    const snapshot = serializeState(state);
    expect(processEvent(state, e, undefined, settings)).toEqual({ status: 'duplicate', findings: [] });
    expect(serializeState(state)).toBe(snapshot);
  });

  it('late events: within the allowed lateness they count in their own hour; beyond it they are dropped', () => {
    const state = emptyState('tok-1');
    processEvent(state, tokenEvent({ at: T0 + 10 * HOUR, ip: '198.51.100.10' }), undefined, settings);
    const within = processEvent(state, tokenEvent({ at: T0 + 9 * HOUR + 30 * MIN }), undefined, settings);
    expect(within.status).toBe('processed');
    expect(state.hourly.get(T0 + 9 * HOUR)).toBe(1);
    const beyond = processEvent(state, tokenEvent({ at: T0 + 8 * HOUR }), undefined, settings);
    expect(beyond.status).toBe('late');
    expect(state.hourly.get(T0 + 8 * HOUR)).toBeUndefined();
  });

  it('memory stays bounded: a year of hourly use keeps only the windows', () => {
    const state = emptyState('tok-1');
    for (const e of spread(365 * 24, T0, 365 * DAY, { ip: '198.51.100.10' }))
      processEvent(state, e, undefined, settings);
    expect(state.hourly.size).toBeLessThanOrEqual(15 * 24 + 1);
    expect(state.seen.size).toBeLessThanOrEqual(3);
    expect(serializeState(state).length).toBeLessThan(20_000);
  });

  it('rejects an event of another token', () => {
    expect(() =>
      processEvent(emptyState('tok-1'), tokenEvent({ at: T0, token_id: 'tok-2' }), undefined, settings),
    ).toThrow(/tok-2/);
  });
});
