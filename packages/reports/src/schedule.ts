import { Cron } from 'croner';
import type { ReportSchedule } from '@tokenwatch/schema';

export class ScheduleError extends Error {
  constructor(
    readonly field: 'cron' | 'timezone',
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

function zoneIsValid(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function cronOf(cron: string, timezone: string): Cron {
  if (!zoneIsValid(timezone)) throw new ScheduleError('timezone', `unknown IANA time zone "${timezone}"`);
  try {
    return new Cron(cron, { timezone, paused: true });
  } catch (error) {
    throw new ScheduleError('cron', `invalid cron expression "${cron}": ${(error as Error).message}`);
  }
}

/** Throws ScheduleError (with the field at fault) when the expression or the zone is not usable. */
export function validateSchedule(cron: string, timezone: string): void {
  cronOf(cron, timezone);
}

/**
 * The first firing strictly after `after` (epoch ms), read in the IANA zone. Daylight saving: a local time that
 * does not exist (spring forward) fires at the first instant after the gap; a local time that happens twice
 * (fall back) fires once, at its first occurrence; "every hour" fires every real hour.
 */
export function nextFireAfter(cron: string, timezone: string, after: number): number | undefined {
  return cronOf(cron, timezone).nextRun(new Date(after))?.getTime();
}

/** Every firing in (after, until], at most `limit`. */
export function firingsBetween(cron: string, timezone: string, after: number, until: number, limit = 1000): number[] {
  const out: number[] = [];
  const c = cronOf(cron, timezone);
  let cursor = new Date(after);
  while (out.length < limit) {
    const next = c.nextRun(cursor);
    if (!next || next.getTime() > until) break;
    out.push(next.getTime());
    cursor = next;
  }
  return out;
}

/**
 * The firing a scheduler should run now, if any: the latest one in (last fired or created, now]. Firings missed
 * while nothing ran collapse into that one run — an auditor needs the latest report, not a burst of stale ones.
 */
export function dueFiring(schedule: ReportSchedule, now: number): number | undefined {
  if (!schedule.enabled) return undefined;
  const since = schedule.last_fired_at ?? schedule.created_at;
  const c = cronOf(schedule.cron, schedule.timezone);
  let due: number | undefined;
  let cursor = new Date(since);
  for (;;) {
    const next = c.nextRun(cursor);
    if (!next || next.getTime() > now) return due;
    due = next.getTime();
    cursor = next;
  }
}

/** The period a firing reports on: the `lookback_days` before it. */
export function schedulePeriod(schedule: ReportSchedule, firedAt: number): { from: number; to: number } {
  return { from: firedAt - schedule.lookback_days * 86_400_000, to: firedAt };
}
