import { networkOf, type TokenEvent } from '@tokenwatch/schema';
import { type Cidr, cidrContains, parseCidr } from './network';
import type { DetectorSettings } from './settings';
import type { Finding } from './finding';

/** Offline IP enrichment the analyzer looks up before calling the detectors (see @tokenwatch/geoip). */
export interface Geo {
  asn?: number;
  as_org?: string;
  country?: string;
  lat?: number;
  lon?: number;
}

/** What every detector gets for one event: the event, its enrichment and derived facts, computed once. */
export interface EventContext {
  event: TokenEvent;
  settings: DetectorSettings;
  at: number;
  label: string;
  asn?: number;
  country?: string;
  lat?: number;
  lon?: number;
  /** The IP at the configured new_ip granularity. */
  net?: string;
  isFailure: boolean;
  /** A use attempt (successful, failed or of unknown outcome) — what volume and lifecycle detectors look at. */
  isAttempt: boolean;
  /** A use that did not fail: it tells us who holds the token and from where. */
  isUse: boolean;
  excludedFromTravel: boolean;
}

/** Networks of recently seen IPs: most events repeat an IP, and the prefix arithmetic is not free. */
const networkCache = new Map<string, string>();
function cachedNetworkOf(ip: string, v4: number, v6: number): string {
  const key = `${ip}/${v4}/${v6}`;
  let net = networkCache.get(key);
  if (net === undefined) {
    net = networkOf(ip, v4, v6) || ip;
    if (networkCache.size >= 100_000) networkCache.clear();
    networkCache.set(key, net);
  }
  return net;
}

const cidrCache = new WeakMap<readonly string[], Cidr[]>();
function excludedCidrs(list: readonly string[]): Cidr[] {
  let parsed = cidrCache.get(list);
  if (!parsed) {
    parsed = list.map(parseCidr).filter((c): c is Cidr => c !== undefined);
    cidrCache.set(list, parsed);
  }
  return parsed;
}

export function buildContext(event: TokenEvent, geo: Geo | undefined, settings: DetectorSettings): EventContext {
  const asn = event.asn ?? geo?.asn;
  const country = event.country ?? geo?.country;
  const ip = event.ip;
  let net: string | undefined;
  if (ip) {
    if (settings.newIpGranularity === 'ip') net = ip;
    else if (settings.newIpGranularity === 'asn' && asn !== undefined) net = `AS${asn}`;
    else net = cachedNetworkOf(ip, settings.ipv4Prefix, settings.ipv6Prefix);
  }
  const isFailure = event.kind === 'token.auth_failed' || (event.kind === 'token.used' && event.outcome === 'failure');
  const isAttempt = event.kind === 'token.used' || event.kind === 'token.auth_failed';
  const excludedFromTravel =
    (asn !== undefined && settings.travelExcludedAsns.includes(asn)) ||
    (ip !== undefined && excludedCidrs(settings.travelExcludedCidrs).some((c) => cidrContains(c, ip)));
  return {
    event,
    settings,
    at: event.occurred_at,
    label: event.token_name ? `"${event.token_name}" (${event.token_id})` : event.token_id,
    ...(asn !== undefined ? { asn } : {}),
    ...(country !== undefined ? { country } : {}),
    ...(geo?.lat !== undefined && geo.lon !== undefined ? { lat: geo.lat, lon: geo.lon } : {}),
    ...(net !== undefined ? { net } : {}),
    isFailure,
    isAttempt,
    isUse: isAttempt && !isFailure,
    excludedFromTravel,
  };
}

/** "203.0.113.7 (AS64500, NL)" */
export function describeIp(ctx: EventContext): string {
  const ip = ctx.event.ip ?? 'no IP';
  const extra = [ctx.asn !== undefined ? `AS${ctx.asn}` : undefined, ctx.country].filter(Boolean);
  return extra.length ? `${ip} (${extra.join(', ')})` : ip;
}

/** Fields every finding of this event shares. */
export function findingBase(
  ctx: EventContext,
): Pick<Finding, 'token_id' | 'at' | 'event_id' | 'source' | 'ip' | 'user_agent'> {
  return {
    token_id: ctx.event.token_id,
    at: ctx.at,
    event_id: ctx.event.event_id,
    source: ctx.event.source,
    ...(ctx.event.ip ? { ip: ctx.event.ip } : {}),
    ...(ctx.event.user_agent ? { user_agent: ctx.event.user_agent } : {}),
  };
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function days(ms: number): string {
  const d = ms / 86_400_000;
  return d >= 1 ? `${Math.round(d * 10) / 10} days` : `${Math.round(ms / 3_600_000)} hours`;
}
