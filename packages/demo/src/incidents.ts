import type { DemoIncident, DemoToken } from './model';
import { NETWORKS, host } from './network';
import type { Population } from './population';
import type { Random } from './random';
import { batchRevoke, patRevoked, type Attempt } from './records';
import type { Silences } from './traffic';
import type { ActivityRecord } from './model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface IncidentPlan {
  incidents: DemoIncident[];
  silences: Silences;
  attempts: Map<string, Attempt[]>;
  records: ActivityRecord[];
  homeChanges: Map<string, { at: number; ip: string }>;
}

/**
 * One injected anomaly per detector, on tokens with enough history that the detectors have learned their
 * normal behaviour (created before the demo window, so the learning period is over). Times are counted back
 * from `end` so the freshest alerts are minutes to hours old when the demo is loaded.
 */
export function planIncidents(pop: Population, random: Random, start: number, end: number): IncidentPlan {
  const plan: IncidentPlan = {
    incidents: [],
    silences: new Map(),
    attempts: new Map(),
    records: [],
    homeChanges: new Map(),
  };
  const used = new Set<string>();
  const take = (test: (t: DemoToken) => boolean): DemoToken => {
    const token = pop.tokens.find((t) => !used.has(t.guid) && test(t));
    if (!token) throw new Error('demo population too small for the incident plan');
    used.add(token.guid);
    token.createdAt = Math.min(token.createdAt, start - 60 * DAY);
    token.expiresAt = Math.max(token.expiresAt, end + 90 * DAY);
    return token;
  };
  const analystIn = (office: string) => (t: DemoToken) =>
    t.profile === 'analyst' && !t.name.endsWith('-prep') && pop.officeOf.get(t.owner.luid)?.name === office;
  const attempt = (token: DemoToken, a: Attempt) => {
    const list = plan.attempts.get(token.guid) ?? [];
    list.push(a);
    plan.attempts.set(token.guid, list);
  };
  const silence = (token: DemoToken, from: number, to: number) => {
    const list = plan.silences.get(token.guid) ?? [];
    list.push([from, to]);
    plan.silences.set(token.guid, list);
  };
  const incident = (detector: DemoIncident['detector'], token: DemoToken, at: number, description: string) =>
    plan.incidents.push({ detector, token_guid: token.guid, token_name: token.name, at, description });
  const at = (ago: number) => end - ago;

  // new_ip: same ISP and country, a /24 the token never used.
  const roaming = take(analystIn('frankfurt'));
  const newHome = host(
    NETWORKS.homeDe.find((p) => !roaming.ips.some((ip) => ip.startsWith(p + '.')))!,
    77,
  );
  silence(roaming, at(4 * HOUR), end);
  for (const m of [0, 7, 19]) attempt(roaming, { at: at(3 * HOUR) + m * MINUTE, ip: newHome });
  incident('new_ip', roaming, at(3 * HOUR), `${roaming.name} signs in from ${newHome}, a network it never used`);

  // new_asn_country: a London analyst's token suddenly used from a Russian ISP.
  const abroad = take(analystIn('london'));
  silence(abroad, at(14 * HOUR), end);
  attempt(abroad, { at: at(5 * HOUR), ip: host(NETWORKS.moscowIsp, 5) });
  incident('new_asn_country', abroad, at(5 * HOUR), `${abroad.name} used from Moscow (RU), new ASN and country`);

  // new_user_agent: a CI token used off-schedule by curl from its own runner address.
  const ci = take((t) => t.profile === 'ci');
  attempt(ci, { at: at(2 * HOUR), ip: ci.ips[0]!, userAgent: 'curl/8.5.0' });
  incident('new_user_agent', ci, at(2 * HOUR), `${ci.name} used with curl/8.5.0 instead of its CI client`);

  // volume_spike: the finance exporter loops: ~300 sign-ins in one hour from its usual host.
  const exporter = take((t) => t.profile === 'reporting');
  const spikeHour = Math.floor(at(7 * HOUR) / HOUR) * HOUR;
  for (let i = 0; i < 300; i++)
    attempt(exporter, { at: spikeHour + Math.floor((i * HOUR) / 300), ip: exporter.ips[0]! });
  incident('volume_spike', exporter, spikeHour, `${exporter.name}: ~300 sign-ins in one hour (normal peak ≈ 12)`);

  // use_after_revocation: revoked two days ago by the site admin; still signs in (success) and fails later.
  const revoked = take(analystIn('sanjose'));
  const revokedAt = at(2 * DAY);
  silence(revoked, revokedAt - HOUR, end);
  plan.records.push(
    patRevoked(pop.site, revoked, pop.admin, revokedAt, host(NETWORKS.frankfurtOffice, 20), random.uuid()),
  );
  attempt(revoked, { at: at(50 * MINUTE), ip: revoked.ips[0]! });
  attempt(revoked, { at: at(45 * MINUTE), ip: revoked.ips[0]!, outcome: 'unauthorized', reason: 'token_revoked' });
  incident('use_after_revocation', revoked, at(50 * MINUTE), `${revoked.name} signs in 2 days after it was revoked`);

  // use_after_expiry: an integration's token expired three days ago; the job keeps trying every hour.
  const expiring = take((t) => t.profile === 'integration');
  // Created in the window with a short custom expiry, so its creation record (carrying expiresAt) is in the demo.
  expiring.createdAt = start + DAY + 9 * HOUR + 17 * MINUTE;
  expiring.expiresAt = at(3 * DAY);
  silence(expiring, expiring.expiresAt, end);
  for (let t = expiring.expiresAt + 20 * MINUTE; t < end; t += HOUR) {
    attempt(expiring, { at: t, ip: expiring.ips[0]!, outcome: 'unauthorized', reason: 'token_expired' });
  }
  incident('use_after_expiry', expiring, expiring.expiresAt + 20 * MINUTE, `${expiring.name} used after it expired`);

  // auth_failure_burst: someone guesses the secret of a known token name: 24 failures in 4 minutes.
  const guessed = take(analystIn('frankfurt'));
  const burstIp = host(NETWORKS.podolskIsp, 4);
  for (let i = 0; i < 24; i++) {
    attempt(guessed, {
      at: at(90 * MINUTE) + i * 10_000,
      ip: burstIp,
      userAgent: 'python-requests/2.28.1',
      outcome: 'unauthorized',
      reason: 'invalid_credentials',
    });
  }
  incident(
    'auth_failure_burst',
    guessed,
    at(90 * MINUTE),
    `${guessed.name}: 24 failed sign-ins from ${burstIp} in 4 min`,
  );

  // concurrent_use: one PAT, two holders: London office and Singapore alternate within minutes.
  const shared = take(analystIn('london'));
  silence(shared, at(3 * HOUR), end);
  const sg = host(NETWORKS.singaporeIsp, 4);
  [0, 2, 4, 6, 8].forEach((m, i) =>
    attempt(shared, { at: at(35 * MINUTE) + m * MINUTE, ip: i % 2 ? sg : shared.ips[0]! }),
  );
  incident('concurrent_use', shared, at(35 * MINUTE), `${shared.name} alternates between London and Singapore`);

  // impossible_travel: Frankfurt office, then Curitiba (BR) fifteen minutes later.
  const traveller = take(analystIn('frankfurt'));
  silence(traveller, at(6 * HOUR), end);
  attempt(traveller, { at: at(4 * HOUR + 20 * MINUTE), ip: traveller.ips[0]! });
  attempt(traveller, { at: at(4 * HOUR + 5 * MINUTE), ip: host(NETWORKS.curitibaIsp, 9) });
  incident(
    'impossible_travel',
    traveller,
    at(4 * HOUR + 5 * MINUTE),
    `${traveller.name}: Frankfurt → Curitiba in 15 min`,
  );

  // dormant_reuse: a Prep token used in the first days, idle for five weeks, then used again.
  const dormant = take((t) => t.name.endsWith('-prep'));
  silence(dormant, start + 3 * DAY, end);
  for (let d = 0; d < 3; d++) attempt(dormant, { at: start + d * DAY + 10 * HOUR, ip: dormant.ips[0]! });
  attempt(dormant, { at: at(70 * MINUTE), ip: dormant.ips[0]! });
  incident(
    'dormant_reuse',
    dormant,
    at(70 * MINUTE),
    `${dormant.name} used again after ${Math.round((end - start) / DAY) - 3} idle days`,
  );

  // Not an incident: an employee left ten days ago; HR offboarding revoked all their tokens at once.
  const leaver = take(analystIn('sanjose'));
  silence(leaver, at(10 * DAY) - DAY, end);
  plan.records.push(batchRevoke(pop.site, pop.admin, leaver.owner, at(10 * DAY), random.uuid()));

  // Not incidents either: two people's home networks change once (legitimate new_ip findings, low severity).
  for (const office of ['frankfurt', 'sanjose'] as const) {
    const mover = take(analystIn(office));
    const homes = pop.officeOf.get(mover.owner.luid)!.homes;
    const other = homes.find((p) => !mover.ips[1]!.startsWith(p + '.'))!;
    plan.homeChanges.set(mover.guid, { at: start + (20 + random.int(0, 10)) * DAY, ip: host(other, 40) });
  }
  return plan;
}
