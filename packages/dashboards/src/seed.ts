/**
 * Realistic security data for dashboard tests: a few dozen tokens across sources, three days of traffic with a
 * daily rhythm, late Tableau activity-log deliveries, failures, redelivered duplicates, dead letters, tokens that
 * expire soon, and tokens that moved to a new network today. Deterministic for a given `now` and seed.
 */
import type { ClickHouse } from '@tokenwatch/clickhouse';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Small deterministic PRNG (mulberry32), so a failing run can be reproduced exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Network {
  prefix: string;
  network: string;
  asn: number;
  country: string;
}

// Documentation ranges only (RFC 5737 / RFC 3849): realistic shapes, nobody's real addresses.
const HOME_NETWORKS: Network[] = [
  { prefix: '198.51.100.', network: '198.51.100.0/24', asn: 64500, country: 'US' },
  { prefix: '203.0.113.', network: '203.0.113.0/24', asn: 64501, country: 'DE' },
  { prefix: '192.0.2.', network: '192.0.2.0/24', asn: 64502, country: 'NL' },
  { prefix: '2001:db8:10::', network: '2001:db8:10::/64', asn: 64503, country: 'GB' },
];
const STRANGE_NETWORK: Network = { prefix: '2001:db8:bad::', network: '2001:db8:bad::/64', asn: 64666, country: 'RU' };

const SOURCES = [
  {
    source: 'tableau_cloud',
    n: 10,
    used: 'login_authentication',
    agents: ['tabcmd/2024.2.0', 'Tableau Bridge 2024.2'],
  },
  { source: 'tableau_server', n: 4, used: 'login', agents: ['tableauserverclient/0.30', 'python-requests/2.32.3'] },
  { source: 'github', n: 5, used: 'git.clone', agents: ['git/2.43.0', 'GitHub-Hookshot/7c1b2d9'] },
  { source: 'aws_cloudtrail', n: 3, used: 'GetObject', agents: ['aws-cli/2.15.30', 'Boto3/1.34.69'] },
  { source: 'databricks', n: 2, used: 'tokenLogin', agents: ['databricks-sdk-py/0.20.0'] },
] as const;

export interface SeededToken {
  token_id: string;
  token_name: string;
  owner_email: string;
  source: string;
  status: 'active' | 'revoked' | 'expired';
  expires_at_ms: number | null;
}

export interface SeedSummary {
  now: number;
  tokens: SeededToken[];
  /** Distinct events with occurred_at in [from, to]. */
  eventsBetween: (from: number, to: number) => number;
  failuresBetween: (from: number, to: number) => number;
  /** Token/network pairs first seen today (UTC). */
  newNetworksToday: number;
  /** Active tokens expiring within 14 days. */
  expiringIn14Days: number;
  deadLetters: number;
  /** A token with traffic and alerts, for drill-down variables. */
  busyTokenId: string;
  alerts: { open: number; falsePositive: number; closed: number };
}

export async function seedSecurityData(db: ClickHouse, now: number, seed = 42): Promise<SeedSummary> {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const startOfToday = now - (now % DAY);

  const tokens: (SeededToken & { homes: Network[]; agents: readonly string[]; used: string; perHour: number })[] = [];
  for (const { source, n, used, agents } of SOURCES) {
    for (let i = 0; i < n; i++) {
      const k = tokens.length;
      const status = k === 3 ? 'revoked' : k === 7 ? 'expired' : 'active';
      // A spread of expiries: a few inside 14 days, some inside 30, some far away, some never.
      const expiresInDays = [3, 9, 20, 28, 90, 200, null][k % 7]!;
      tokens.push({
        token_id: `${source}:tok-${String(k).padStart(3, '0')}`,
        token_name: `${['etl', 'ci', 'report', 'backup', 'sync'][k % 5]}-${k}`,
        owner_email: `${['ana', 'bo', 'chen', 'dara', 'eli', 'femi'][k % 6]}@example.com`,
        source,
        status,
        expires_at_ms: expiresInDays === null ? null : now + expiresInDays * DAY + k * 60_000,
        homes: [HOME_NETWORKS[k % 4]!, ...(k % 3 === 0 ? [HOME_NETWORKS[(k + 1) % 4]!] : [])],
        agents,
        used,
        perHour: 2 + Math.floor(rand() * (k < 4 ? 40 : 12)),
      });
    }
  }

  const events: Record<string, unknown>[] = [];
  const seen = new Map<string, { at: number; failure: boolean }>();
  const firstSeen = new Map<string, number>();
  let serial = 0;
  const addEvent = (t: (typeof tokens)[number], at: number, net: Network, failure: boolean, agent: string) => {
    const id = `${t.source}-${(serial++).toString(36)}`;
    const late = t.source === 'tableau_cloud' ? 5 * 60_000 + rand() * 35 * 60_000 : 200 + rand() * 2800;
    const ip =
      net.prefix +
      (net.prefix.includes(':') ? (1 + Math.floor(rand() * 50)).toString(16) : 1 + Math.floor(rand() * 200));
    const row = {
      event_id: id,
      schema_version: 1,
      source: t.source,
      source_event_type: failure ? 'login_authentication_failed' : t.used,
      kind: failure ? 'token.auth_failed' : 'token.used',
      occurred_at: Math.floor(at / 1000),
      occurred_at_ms: Math.floor(at),
      received_at_ms: Math.floor(at + late),
      token_id: t.token_id,
      token_name: t.token_name,
      owner_id: t.owner_email.split('@')[0],
      owner_email: t.owner_email,
      tenant: 'acme',
      site: t.source.startsWith('tableau') ? 'finance' : '',
      ip,
      network: net.network,
      asn: net.asn,
      country: net.country,
      user_agent: agent,
      request_method: t.source === 'github' ? 'GET' : 'POST',
      request_path: t.source === 'github' ? '/acme/app.git/info/refs' : '/api/3.22/auth/signin',
      outcome: failure ? 'failure' : 'success',
      outcome_reason: failure ? 'invalid credentials (401001)' : '',
      scopes: t.source === 'github' ? ['repo', 'read:org'] : [],
      expires_at_ms: t.expires_at_ms,
      raw: JSON.stringify({ id, ip }),
    };
    events.push(row);
    seen.set(id, { at, failure });
    const key = `${t.token_id}|${net.network}`;
    firstSeen.set(key, Math.min(firstSeen.get(key) ?? Infinity, at));
    // Kafka redelivers now and then: the same event stored twice must still count once.
    if (rand() < 0.02) events.push({ ...row, received_at_ms: row.received_at_ms + 30_000 });
  };

  for (const t of tokens) {
    for (let hourStart = now - 3 * DAY; hourStart < now; hourStart += HOUR) {
      const hourOfDay = new Date(hourStart).getUTCHours();
      const daytime = hourOfDay >= 7 && hourOfDay <= 19 ? 1 : 0.25;
      const count = Math.round(t.perHour * daytime * (0.6 + rand() * 0.8));
      for (let i = 0; i < count; i++) {
        const at = hourStart + rand() * HOUR;
        if (at >= now) continue;
        addEvent(t, at, pick(t.homes), rand() < 0.03, pick(t.agents));
      }
    }
  }
  // Today: two tokens appear from a network they never used, one of them guessing (a burst of failures).
  const recent = now - Math.min(10 * 60_000, (now - startOfToday) / 2);
  addEvent(tokens[1]!, recent, STRANGE_NETWORK, false, 'curl/8.5.0');
  for (let i = 0; i < 25; i++) addEvent(tokens[5]!, recent + i * 1000, STRANGE_NETWORK, true, 'python-requests/2.31.0');

  const tokenRows = tokens.map((t, k) => ({
    token_id: t.token_id,
    source: t.source,
    token_name: t.token_name,
    owner_id: t.owner_email.split('@')[0],
    owner_email: t.owner_email,
    tenant: 'acme',
    site: t.source.startsWith('tableau') ? 'finance' : '',
    status: t.status,
    scopes: t.source === 'github' ? ['repo', 'read:org'] : [],
    created_at_ms: now - (30 + k * 11) * DAY,
    expires_at_ms: t.expires_at_ms,
    revoked_at_ms: t.status === 'revoked' ? now - 2 * DAY : null,
    last_used_at_ms: now - 60_000,
    first_seen_at_ms: now - 3 * DAY,
    updated_at_ms: now,
  }));

  const reasons = [
    { reason: 'not an IPv4 or IPv6 address', field: 'ip', source: 'tableau_cloud' },
    { reason: 'before 1990: probably seconds instead of milliseconds', field: 'occurred_at', source: 'generic' },
    { reason: 'token id is required', field: 'token_id', source: 'aws_cloudtrail' },
    { reason: 'invalid JSON', field: '', source: 'unknown' },
  ];
  const deadLetters = Array.from({ length: 60 }, (_, i) => {
    const r = reasons[i % 7 === 0 ? 3 : i % 3]!;
    const at = now - rand() * 2 * DAY;
    return {
      dead_letter_id: `kafka:auth-events/${i % 12}@${1000 + i}`,
      received_at: Math.floor(at / 1000),
      received_at_ms: Math.floor(at),
      origin: `kafka:auth-events/${i % 12}@${1000 + i}`,
      source: r.source,
      reason: r.reason,
      field_path: r.field,
      raw: r.field === '' ? '{"eventTime": "2026-' : JSON.stringify({ [r.field || 'x']: 'bogus' }),
      raw_encoding: 'utf8',
    };
  });

  const alerts = seedAlerts(tokens, now, rand);

  await db.insert('tokens', tokenRows);
  await db.insert('alerts', alerts.rows);
  await db.insert('alert_audit', alerts.audit);
  for (let i = 0; i < events.length; i += 5000) await db.insert('events', events.slice(i, i + 5000));
  await db.insert('dead_letters', deadLetters);

  const inRange = (from: number, to: number, failuresOnly: boolean) =>
    [...seen.values()].filter((e) => e.at >= from && e.at <= to && (!failuresOnly || e.failure)).length;
  return {
    now,
    tokens: tokens.map(({ token_id, token_name, owner_email, source, status, expires_at_ms }) => ({
      token_id,
      token_name,
      owner_email,
      source,
      status,
      expires_at_ms,
    })),
    eventsBetween: (from, to) => inRange(from, to, false),
    failuresBetween: (from, to) => inRange(from, to, true),
    newNetworksToday: [...firstSeen.values()].filter((at) => at >= startOfToday).length,
    expiringIn14Days: tokens.filter(
      (t) => t.status === 'active' && t.expires_at_ms !== null && t.expires_at_ms <= now + 14 * DAY,
    ).length,
    deadLetters: deadLetters.length,
    busyTokenId: tokens[5]!.token_id,
    alerts: alerts.counts,
  };
}

const DETECTORS = [
  { detector: 'new_ip', severity: 'medium' },
  { detector: 'auth_failure_burst', severity: 'high' },
  { detector: 'concurrent_use', severity: 'high' },
  { detector: 'use_after_revocation', severity: 'critical' },
  { detector: 'volume_spike', severity: 'low' },
  { detector: 'policy_expiring_soon', severity: 'low' },
] as const;
const ANALYST = ['ana@example.com', 'bo@example.com', 'chen@example.com'];

/**
 * Alerts over the last week with a realistic triage history: most acknowledged within minutes to hours, most of
 * those closed, some as false positives, a backlog still open. Rows as the alerts / alert_audit tables hold them.
 */
function seedAlerts(tokens: readonly SeededToken[], now: number, rand: () => number) {
  const rows: Record<string, unknown>[] = [];
  const audit: Record<string, unknown>[] = [];
  const counts = { open: 0, falsePositive: 0, closed: 0 };
  const entry = (alert_id: string, at: number, actor: string, action: string, from: string, to: string, note = '') =>
    audit.push({
      alert_id,
      at: Math.floor(at / 1000),
      at_ms: Math.floor(at),
      actor,
      action,
      from_status: from,
      to_status: to,
      note,
    });
  for (let i = 0; i < 48; i++) {
    const { detector, severity } = DETECTORS[i % DETECTORS.length]!;
    const token = i % 4 === 0 ? tokens[5]! : tokens[i % tokens.length]!;
    const created = now - (0.2 + rand() * 6.5) * DAY;
    const alert_id = `${detector}:${token.token_id}:${i}`;
    const acked = i % 5 === 0 ? undefined : created + (2 + rand() * (severity === 'critical' ? 20 : 240)) * 60_000;
    const closed = acked === undefined || i % 5 === 1 ? undefined : acked + (0.5 + rand() * 20) * HOUR;
    const falsePositive = closed !== undefined && (detector === 'new_ip' ? i % 2 === 0 : i % 7 === 0);
    const ended = [acked, closed].filter((t): t is number => t !== undefined && t < now);
    const status =
      closed !== undefined && closed < now
        ? falsePositive
          ? 'false_positive'
          : 'resolved'
        : acked !== undefined && acked < now
          ? 'acknowledged'
          : 'open';
    const analyst = ANALYST[i % ANALYST.length]!;
    entry(alert_id, created, 'analyzer', 'created', '', 'open');
    if (status !== 'open' && acked !== undefined)
      entry(alert_id, acked, analyst, 'acknowledged', 'open', 'acknowledged');
    if (i % 3 === 0) entry(alert_id, created + 60_000, analyst, 'assigned', 'open', 'open', `assigned to ${analyst}`);
    if (status === 'resolved' || status === 'false_positive') {
      entry(alert_id, closed!, analyst, status, 'acknowledged', status, falsePositive ? 'known CI runner' : 'rotated');
      counts.closed++;
      if (falsePositive) counts.falsePositive++;
    }
    if (status === 'open') counts.open++;
    rows.push({
      alert_id,
      detector,
      severity,
      status,
      token_id: token.token_id,
      source: token.source,
      ip: detector === 'new_ip' || detector === 'concurrent_use' ? '2001:db8:bad::7' : '',
      user_agent: detector === 'auth_failure_burst' ? 'python-requests/2.31.0' : '',
      ...describe(detector, token, i),
      first_seen_at_ms: Math.floor(created),
      last_seen_at_ms: Math.floor(Math.max(created, ...ended)),
      count: 1 + (i % 4),
      assignee: i % 3 === 0 ? analyst : '',
      created_at_ms: Math.floor(created),
      updated_at_ms: Math.floor(Math.max(created, ...ended)),
    });
  }
  return { rows, audit, counts };
}

/** Title, explanation and evidence as the detectors word them, so pages and panels show realistic text. */
function describe(detector: string, token: SeededToken, i: number) {
  const name = `${token.token_name} (${token.token_id})`;
  const events = [`${token.source}-ev${i}a`, `${token.source}-ev${i}b`];
  switch (detector) {
    case 'new_ip':
      return text(
        `New network for ${token.token_name}: 2001:db8:bad::/64`,
        `token ${name} used from 2001:db8:bad::7 (AS64666, RU): first time in 90 days of history; previous networks: 198.51.100.0/24, 203.0.113.0/24`,
        {
          event_ids: events,
          values: { ip: '2001:db8:bad::7', network: '2001:db8:bad::/64', asn: 64666, country: 'RU' },
          baseline: { networks: ['198.51.100.0/24', '203.0.113.0/24'], history_days: 90 },
        },
      );
    case 'auth_failure_burst':
      return text(
        `25 failed sign-ins for ${token.token_name} in 30 s`,
        `token ${name}: 25 failed sign-ins from 2001:db8:bad::7 within 30 s (threshold 10 in 5 min); someone may be guessing or replaying the secret`,
        {
          event_ids: events,
          values: { failures: 25, window_s: 30, ip: '2001:db8:bad::7' },
          baseline: { threshold: 10, window_s: 300 },
        },
      );
    case 'concurrent_use':
      return text(
        `${token.token_name} used from two networks at once`,
        `token ${name} alternated between 198.51.100.23 and 2001:db8:bad::7 within 4 minutes; a Tableau PAT allows one session, so two parties hold it`,
        { event_ids: events, values: { ips: ['198.51.100.23', '2001:db8:bad::7'], within_s: 240 } },
      );
    case 'use_after_revocation':
      return text(
        `${token.token_name} accepted after revocation`,
        `token ${name} was revoked 2 days ago and a request with it succeeded: the source system did not enforce the revocation`,
        { event_ids: events, values: { outcome: 'success', revoked_ago_s: 172800 } },
      );
    case 'volume_spike':
      return text(
        `${token.token_name}: 14× usual volume`,
        `token ${name}: 840 events in one hour against a usual 60 for this hour of the week`,
        { event_ids: events, values: { events: 840 }, baseline: { expected: 60, hour_of_week: 34 } },
      );
    default:
      return text(
        `${token.token_name} expires soon`,
        `token ${name} expires in 3 days; rotate it before jobs that use it fail`,
        { event_ids: [], values: { expires_in_days: 3 } },
      );
  }
}

function text(title: string, explanation: string, evidence: object) {
  return { title, explanation, evidence: JSON.stringify(evidence) };
}
