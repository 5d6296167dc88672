import { describe, expect, it } from 'vitest';
import {
  MIN,
  T0,
  alertId,
  applyFinding,
  detectIpSpray,
  detectorSettings,
  emptyState,
  processEvent,
  tokenEvent,
  type IpFailureRow,
} from './index';

const settings = detectorSettings();
const IP = '203.0.113.66';
/** `count` failures from `ip`, one every `step` ms, cycling over `tokens` tokens. */
function spray(count: number, tokens: number, step = 20_000, from = T0 + 9 * 3_600_000, ip = IP): IpFailureRow[] {
  return Array.from({ length: count }, (_, i) => ({
    ip,
    token_id: `tok-${i % tokens}`,
    occurred_at: from + i * step,
    event_id: `f-${ip}-${from + i * step}`,
  }));
}
const sorted = (rows: IpFailureRow[]) =>
  [...rows].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.occurred_at - b.occurred_at));

describe('auth_failure_burst per IP across tokens (detectIpSpray)', () => {
  it('one IP failing on many tokens, each below the per-token thresholds, alerts', () => {
    const rows = spray(10, 5);
    // What the per-token detector sees: 2 failures per token — nothing.
    for (let t = 0; t < 5; t++) {
      const state = emptyState(`tok-${t}`);
      for (const r of rows.filter((x) => x.token_id === `tok-${t}`)) {
        const e = tokenEvent({
          at: r.occurred_at,
          token_id: r.token_id,
          ip: IP,
          kind: 'token.auth_failed',
          outcome: 'failure',
        });
        expect(processEvent(state, e, undefined, settings).findings).toEqual([]);
      }
    }
    const [finding, ...rest] = detectIpSpray(rows, settings);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      detector: 'auth_failure_burst',
      token_id: `ip:${IP}`,
      ip: IP,
      severity: 'high',
      at: rows[9]!.occurred_at,
      event_id: rows[9]!.event_id,
    });
    expect(finding!.explanation).toMatch(
      /IP 203\.0\.113\.66 failed to authenticate 10 times against 5 different tokens/,
    );
    expect(finding!.evidence.values).toMatchObject({ failures: 10, tokens: 5, peak_in_window: 10 });
    expect(finding!.evidence.event_ids).toEqual(rows.map((r) => r.event_id));
  });

  it('below threshold: too few failures, too few tokens, or too spread out in time', () => {
    expect(detectIpSpray(spray(9, 5), settings)).toEqual([]);
    expect(detectIpSpray(spray(30, 2), settings)).toEqual([]);
    expect(detectIpSpray(spray(12, 6, 2 * MIN), settings)).toEqual([]); // 5 per 10 min
    expect(detectIpSpray(spray(10, 5), detectorSettings({ ipSprayMinFailures: 11 }))).toEqual([]);
  });

  it('overlapping scans and newer failures are one alert per IP and day; other IPs and days are their own', () => {
    const rows = spray(30, 5);
    const first = detectIpSpray(rows.slice(0, 12), settings)[0]!;
    const again = detectIpSpray(rows.slice(2, 12), settings)[0]!;
    const later = detectIpSpray(rows.slice(5, 30), settings)[0]!;
    const id = (f: typeof first) => alertId(f.detector, f.token_id, f.key);
    expect(id(again)).toBe(id(first));
    expect(id(later)).toBe(id(first));
    const created = applyFinding(undefined, first, 0);
    expect(applyFinding(created.alert, again, 1).action).toBe('duplicate');
    expect(applyFinding(created.alert, later, 2)).toMatchObject({ action: 'repeated', alert: { count: 2 } });

    const other = spray(10, 5, 20_000, T0 + 9 * 3_600_000, '198.51.100.200');
    const nextDay = spray(10, 5, 20_000, T0 + 33 * 3_600_000);
    const all = detectIpSpray(sorted([...rows, ...other, ...nextDay]), settings);
    expect(all.map((f) => f.token_id).sort()).toEqual([`ip:198.51.100.200`, `ip:${IP}`, `ip:${IP}`]);
    expect(new Set(all.map(id)).size).toBe(3);
  });
});
