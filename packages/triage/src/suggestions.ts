import { isIP } from 'node:net';
import type { Alert, DetectorId } from '@tokenwatch/schema';

/** A suppression the API offers after the same finding was closed as a false positive repeatedly. */
export interface SuggestedSuppression {
  token_id: string;
  /** The network the false positives came from (/24 for IPv4, /64 for IPv6). */
  cidr: string;
  detectors: DetectorId[];
  /** How many alerts were closed as false positives for this token and network. */
  false_positives: number;
  /** Alerts (any status) for this token, network and detectors that the suppression would have prevented. */
  would_have_prevented: number;
  /** The findings behind them (an alert counts its repeats). */
  occurrences: number;
  alert_ids: string[];
  reason: string;
}

/** The network an IP belongs to for suppression purposes; undefined for anything that is not an IP. */
export function networkCidr(ip: string): string | undefined {
  const version = isIP(ip);
  if (version === 4) return ip.split('.').slice(0, 3).join('.') + '.0/24';
  if (version !== 6) return undefined;
  const groups = expandIpv6(ip);
  return groups ? groups.slice(0, 4).join(':') + '::/64' : undefined;
}

function expandIpv6(ip: string): string[] | undefined {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (t.some((g) => g.includes('.')) || h.some((g) => g.includes('.'))) return undefined;
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  const all = [...h, ...fill, ...t].map((g) => parseInt(g, 16).toString(16));
  return all.length === 8 ? all : undefined;
}

/**
 * Groups alerts by (token, network) and suggests a suppression where at least `threshold` of them were closed as
 * false positives. Alerts without an IP are not grouped: a token-wide suppression is too broad to suggest.
 */
export function suggestSuppressions(alerts: readonly Alert[], threshold = 2): SuggestedSuppression[] {
  const groups = new Map<string, { token_id: string; cidr: string; alerts: Alert[] }>();
  for (const alert of alerts) {
    const cidr = alert.ip ? networkCidr(alert.ip) : undefined;
    if (!cidr) continue;
    const key = `${alert.token_id}\u0000${cidr}`;
    const group = groups.get(key) ?? { token_id: alert.token_id, cidr, alerts: [] };
    group.alerts.push(alert);
    groups.set(key, group);
  }
  const out: SuggestedSuppression[] = [];
  for (const group of groups.values()) {
    const fps = group.alerts.filter((a) => a.status === 'false_positive');
    if (fps.length < threshold) continue;
    const detectors = [...new Set(fps.map((a) => a.detector))].sort();
    const prevented = group.alerts.filter((a) => detectors.includes(a.detector));
    out.push({
      token_id: group.token_id,
      cidr: group.cidr,
      detectors,
      false_positives: fps.length,
      would_have_prevented: prevented.length,
      occurrences: prevented.reduce((sum, a) => sum + a.count, 0),
      alert_ids: fps.map((a) => a.alert_id).sort(),
      reason:
        `${fps.length} alerts (${detectors.join(', ')}) for token ${group.token_id} from ${group.cidr} ` +
        `were closed as false positives`,
    });
  }
  return out.sort((a, b) => b.would_have_prevented - a.would_have_prevented || a.token_id.localeCompare(b.token_id));
}
