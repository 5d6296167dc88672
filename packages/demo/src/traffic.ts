import type { DemoToken } from './model';
import type { Office } from './population';
import type { Random } from './random';
import type { Attempt } from './records';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Time ranges [from, to) in which a token's normal traffic is withheld (an incident owns that token then). */
export type Silences = Map<string, Array<[number, number]>>;

/** Relative activity by local hour on a working day: a morning and an afternoon peak, lunch dip. */
const WORKDAY_SHAPE = [0, 0, 0, 0, 0, 0, 0, 0.2, 0.7, 1, 1, 0.9, 0.4, 0.8, 1, 0.9, 0.7, 0.4, 0.15, 0.05, 0, 0, 0, 0];

function silenced(silences: Silences, token: DemoToken, at: number): boolean {
  return (silences.get(token.guid) ?? []).some(([from, to]) => at >= from && at < to);
}

function withinHour(random: Random, hourStart: number, n: number): number[] {
  return Array.from({ length: n }, () => hourStart + random.int(0, HOUR - 1)).sort((a, b) => a - b);
}

/**
 * The normal use of one token over [start, end): daily and weekly rhythms per profile, a little noise, the odd
 * failed sign-in, and — for a few people — a home network that changes once (ISPs do that).
 */
export function normalTraffic(
  random: Random,
  token: DemoToken,
  office: Office | undefined,
  start: number,
  end: number,
  silences: Silences,
  homeChange?: { at: number; ip: string },
): Attempt[] {
  const attempts: Attempt[] = [];
  const rate = 0.6 + random.next() * 1.8;
  const from = Math.max(start, token.createdAt + HOUR);
  for (let day = Math.floor(from / DAY) * DAY; day < end; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const workday = weekday >= 1 && weekday <= 5;
    const add = (at: number, ip: string, outcome: Attempt['outcome'] = 'success') => {
      if (at < from || at >= end || silenced(silences, token, at)) return;
      attempts.push({ at, ip, outcome, delayMs: random.int(2, 40) * 60_000 });
    };
    if (token.profile === 'analyst') {
      const offset = office?.utcOffset ?? 0;
      const atHome = weekday === 5 || !workday || random.chance(0.2);
      let ip = atHome ? token.ips[1]! : token.ips[0]!;
      if (atHome && homeChange && day >= homeChange.at) ip = homeChange.ip;
      const scale = workday ? rate : random.chance(0.15) ? rate * 0.3 : 0;
      for (let localHour = 0; localHour < 24; localHour++) {
        const hourStart = day + (localHour - offset) * HOUR;
        const n = random.poisson(WORKDAY_SHAPE[localHour]! * scale);
        for (const at of withinHour(random, hourStart, n))
          add(at, ip, random.chance(0.004) ? 'unauthorized' : 'success');
      }
    } else if (token.profile === 'ci') {
      const weekly = token.name.endsWith('export') || token.name.endsWith('backup-content');
      if (weekly && weekday !== 1) continue;
      for (const hour of token.runHours ?? []) {
        // Jobs start on the minute a scheduler would use, then sign in a few times as steps run.
        let at = day + hour * HOUR + (token.name.length % 12) * 60_000 + random.int(0, 40) * 1000;
        for (let step = random.int(3, 7); step > 0; step--) {
          add(at, token.ips[0]!);
          at += random.int(20, 150) * 1000;
        }
      }
    } else if (token.profile === 'integration') {
      for (let hour = 0; hour < 24; hour++) {
        for (const at of withinHour(random, day + hour * HOUR, random.poisson(1.2))) add(at, token.ips[0]!);
      }
    } else {
      const offset = office?.utcOffset ?? 1;
      if (!workday) continue;
      for (let localHour = 7; localHour < 20; localHour++) {
        const n = random.poisson(10 * (WORKDAY_SHAPE[localHour]! + 0.2));
        for (const at of withinHour(random, day + (localHour - offset) * HOUR, n)) add(at, token.ips[0]!);
      }
    }
  }
  return attempts;
}
