import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import { DAY, HOUR, MIN, T0, byTime, detectorSettings, replay, spread, tokenEvent } from './index';

const settings = detectorSettings();
const run = (events: TokenEvent[], ordered = true) =>
  replay(ordered ? byTime(events) : events, { settings, now: () => T0 }).alerts;
const ip = '198.51.100.10';
const history = () => spread(48, T0, 2 * DAY, { ip });
const revokedAt = T0 + 2 * DAY;
const revoke = tokenEvent({ at: revokedAt, kind: 'token.revoked', event_id: 'revoke-1' });

describe('use_after_revocation', () => {
  it('revoked then used successfully: critical (the source did not enforce the revocation)', () => {
    const alerts = run([...history(), revoke, tokenEvent({ at: revokedAt + HOUR, ip, event_id: 'use-1' })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ detector: 'use_after_revocation', severity: 'critical', ip });
    expect(alerts[0]!.explanation).toContain('it succeeded');
    expect(alerts[0]!.evidence).toMatchObject({ event_ids: ['use-1'], baseline: { revoked_at: revokedAt } });
  });

  it('revoked then tried and refused: high (someone still holds it)', () => {
    const alerts = run([
      ...history(),
      revoke,
      tokenEvent({ at: revokedAt + HOUR, ip, kind: 'token.auth_failed', outcome: 'failure' }),
    ]);
    expect(alerts.map((a) => [a.detector, a.severity])).toEqual([['use_after_revocation', 'high']]);
  });

  it('uses before the revocation are fine; repeats after it group into one alert', () => {
    const alerts = run([
      ...history(),
      revoke,
      tokenEvent({ at: revokedAt + HOUR, ip }),
      tokenEvent({ at: revokedAt + 2 * HOUR, ip }),
      tokenEvent({ at: revokedAt + 3 * HOUR, ip, kind: 'token.auth_failed', outcome: 'failure' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 3, severity: 'critical', last_seen_at: revokedAt + 3 * HOUR });
  });

  it('a revocation event that arrives after the use (within the allowed lateness) still flags it', () => {
    const use = tokenEvent({ at: revokedAt + 5 * MIN, ip });
    const alerts = run([...history(), use, revoke], false);
    expect(alerts.map((a) => a.detector)).toEqual(['use_after_revocation']);
  });

  it('lifecycle known from the registry is honoured', () => {
    const result = replay(byTime([...history(), tokenEvent({ at: revokedAt + HOUR, ip })]), {
      settings,
      now: () => T0,
      lifecycle: new Map([['tok-1', { revoked_at: revokedAt }]]),
    });
    expect(result.alerts.map((a) => a.detector)).toEqual(['use_after_revocation']);
  });
});

describe('use_after_expiry', () => {
  it('use after the expiry given at creation is flagged; a use before it is not', () => {
    const created = tokenEvent({ at: T0, kind: 'token.created', expires_at: T0 + 2 * DAY });
    const alerts = run([created, ...history(), tokenEvent({ at: T0 + 3 * DAY, ip })]);
    expect(alerts.map((a) => [a.detector, a.severity])).toEqual([['use_after_expiry', 'critical']]);
    expect(run([created, ...history()])).toEqual([]);
  });
});

describe('dormant_reuse', () => {
  it('a use after 40 idle days is flagged; after 10 days is not', () => {
    const first = tokenEvent({ at: T0, ip });
    expect(run([first, tokenEvent({ at: T0 + 10 * DAY, ip })]).filter((a) => a.detector === 'dormant_reuse')).toEqual(
      [],
    );
    const alerts = run([first, tokenEvent({ at: T0 + 40 * DAY, ip })]).filter((a) => a.detector === 'dormant_reuse');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation).toContain('after 40 days without any use');
  });
});
