import type { DetectorSettings } from './settings';
import type { Finding } from './finding';
import { isoTime } from './context';

/** A stored failed authentication with an IP (what the event stores' `readIpFailures` returns). */
export interface IpFailureRow {
  ip: string;
  token_id: string;
  occurred_at: number;
  event_id: string;
}

const DAY = 86_400_000;

/**
 * auth_failure_burst across tokens: an IP with ≥ `ipSprayMinFailures` failures on ≥ `ipSprayMinTokens` distinct
 * tokens within any `ipSprayWindowMs` (sliding, event time). Pure; the rows come from all tokens (the store), so
 * the result does not depend on which analyzer instance owns which token.
 *
 * One alert per IP and UTC day of the burst (token id `ip:<address>`): the key depends only on the failures'
 * own times, so repeated scans over overlapping ranges, restarts and other instances find the same alert, and a
 * scan finding newer failures repeats it. Rows must be sorted by ip, occurred_at, event_id.
 */
export function detectIpSpray(rows: readonly IpFailureRow[], settings: DetectorSettings): Finding[] {
  const findings: Finding[] = [];
  const w = settings.ipSprayWindowMs;
  const minutes = Math.round(w / 60_000);
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end]!.ip === rows[start]!.ip) end++;
    const failures = rows.slice(start, end);
    start = end;
    // Per UTC day: the failures that were part of a qualifying window, and the newest such window.
    const days = new Map<
      number,
      { members: Map<string, IpFailureRow>; last: IpFailureRow; peak: number; tokens: number }
    >();
    const perToken = new Map<string, number>();
    let lo = 0;
    for (let hi = 0; hi < failures.length; hi++) {
      const f = failures[hi]!;
      perToken.set(f.token_id, (perToken.get(f.token_id) ?? 0) + 1);
      while (failures[lo]!.occurred_at <= f.occurred_at - w) {
        const old = failures[lo++]!;
        const n = perToken.get(old.token_id)! - 1;
        if (n === 0) perToken.delete(old.token_id);
        else perToken.set(old.token_id, n);
      }
      const count = hi - lo + 1;
      if (count < settings.ipSprayMinFailures || perToken.size < settings.ipSprayMinTokens) continue;
      const day = Math.floor(f.occurred_at / DAY) * DAY;
      const entry = days.get(day) ?? { members: new Map(), last: f, peak: 0, tokens: 0 };
      for (let i = lo; i <= hi; i++) entry.members.set(failures[i]!.event_id, failures[i]!);
      entry.last = f;
      if (count > entry.peak) {
        entry.peak = count;
        entry.tokens = perToken.size;
      }
      days.set(day, entry);
    }
    for (const [day, entry] of days) {
      const members = [...entry.members.values()];
      const ip = entry.last.ip;
      const tokens = [...new Set(members.map((m) => m.token_id))].sort();
      findings.push({
        detector: 'auth_failure_burst',
        token_id: `ip:${ip}`,
        key: `ip-spray:${ip}@${day}`,
        severity: 'high',
        title: `${entry.peak} failed authentications from ${ip} against ${entry.tokens} tokens in ${minutes} min`,
        explanation:
          `IP ${ip} failed to authenticate ${members.length} times against ${tokens.length} different tokens ` +
          `(${tokens.slice(0, 5).join(', ')}${tokens.length > 5 ? ', …' : ''}) up to ${isoTime(entry.last.occurred_at)}, ` +
          `at most ${entry.peak} within ${minutes} minutes, at or above the threshold of ${settings.ipSprayMinFailures} ` +
          `failures on ${settings.ipSprayMinTokens} tokens: someone is probably guessing token secrets from it.`,
        evidence: {
          event_ids: members.map((m) => m.event_id).slice(-100),
          values: {
            ip,
            failures: members.length,
            peak_in_window: entry.peak,
            tokens: tokens.length,
            token_ids: tokens.slice(0, 50),
            window_ms: w,
          },
          baseline: { min_failures: settings.ipSprayMinFailures, min_tokens: settings.ipSprayMinTokens },
        },
        at: entry.last.occurred_at,
        event_id: entry.last.event_id,
        ip,
      });
    }
  }
  return findings;
}
