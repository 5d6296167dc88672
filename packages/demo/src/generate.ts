import { DEMO_LOGS_DIR } from './write';
import type { ActivityRecord, Demo, DemoFile, DemoOptions } from './model';
import { planIncidents } from './incidents';
import { buildPopulation } from './population';
import { Random } from './random';
import { passwordSignIn, patCreated, signIn } from './records';
import { normalTraffic } from './traffic';

const DAY = 86_400_000;

/**
 * Deterministic demo data: the same options always give the same files, byte for byte. Records are Tableau
 * Cloud Activity Log lines (flat JSON), one file per UTC day, sorted by event time as a shipper would deliver
 * them once the day is complete.
 */
export function generateDemo(options: DemoOptions): Demo {
  const end = Math.floor(options.end / 60_000) * 60_000;
  const days = options.days ?? 42;
  if (days < 40) throw new Error('the demo needs at least 40 days of history (dormant_reuse waits 30 idle days)');
  const start = end - days * DAY;
  const random = new Random(options.seed ?? 20_260_105);
  const pop = buildPopulation(random, start);
  const plan = planIncidents(pop, random, start, end);

  const records: ActivityRecord[] = [...plan.records];
  for (const token of pop.tokens) {
    if (token.createdAt >= start && token.createdAt < end) {
      records.push(patCreated(pop.site, token, token.ips[0]!, random.uuid()));
    }
    const office = pop.officeOf.get(token.owner.luid);
    const attempts = [
      ...normalTraffic(random, token, office, start, end, plan.silences, plan.homeChanges.get(token.guid)),
      ...(plan.attempts.get(token.guid) ?? []),
    ];
    for (const attempt of attempts) records.push(signIn(pop.site, token, attempt, random.uuid()));
  }
  // People also sign in to the web UI with SSO; those records are not about tokens and are ignored.
  for (const user of pop.users.slice(1, 12)) {
    for (let day = start; day < end; day += DAY) {
      if (random.chance(0.5)) {
        const ip = pop.tokens.find((t) => t.owner === user)?.ips[0] ?? '93.192.14.20';
        records.push(passwordSignIn(pop.site, user, day + random.int(8, 17) * 3_600_000, ip, random.uuid()));
      }
    }
  }

  const timed = records
    .map((record) => ({ record, at: Date.parse(String(record.eventTime)) }))
    .filter(({ at }) => at >= start && at < end)
    .sort((a, b) => a.at - b.at);
  const files = new Map<string, string[]>();
  for (const { record } of timed) {
    const date = String(record.eventTime).slice(0, 10);
    const lines = files.get(date) ?? [];
    lines.push(JSON.stringify(record));
    files.set(date, lines);
  }
  const out: DemoFile[] = [...files.entries()].map(([date, lines]) => ({
    path: `${DEMO_LOGS_DIR}/activity-log/date=${date}/events.json`,
    content: lines.join('\n') + '\n',
    records: lines.length,
  }));
  return { files: out, tokens: pop.tokens, incidents: plan.incidents, records: timed.length };
}
