import type { Finding } from './finding';
import { type EventContext, days, describeIp, findingBase } from './context';
import type { TokenState } from './state';

/** Still learning: the token has not been observed long enough for "new" to mean anything. */
function learning(state: TokenState, ctx: EventContext): boolean {
  return state.observed_since === undefined || ctx.at < state.observed_since + ctx.settings.learningPeriodMs;
}

function known(record: Record<string, number>, limit = 5): string {
  const keys = Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k);
  if (keys.length === 0) return 'none';
  return keys.slice(0, limit).join(', ') + (keys.length > limit ? ` and ${keys.length - limit} more` : '');
}

function remember(record: Record<string, number>, key: string, at: number): void {
  const previous = record[key];
  if (previous === undefined || previous < at) record[key] = at;
}

/** new_ip: a successful use from a network (IP, prefix or ASN) not seen within the history window. */
export function detectNewIp(state: TokenState, ctx: EventContext): Finding[] {
  if (!ctx.isUse || ctx.net === undefined) return [];
  const findings: Finding[] = [];
  if (state.networks[ctx.net] === undefined && !learning(state, ctx)) {
    const window = days(ctx.settings.historyWindowMs);
    findings.push({
      ...findingBase(ctx),
      detector: 'new_ip',
      key: `net:${ctx.net}`,
      severity: 'medium',
      title: `Token used from a new network ${ctx.net}`,
      explanation:
        `Token ${ctx.label} was used from ${describeIp(ctx)}, network ${ctx.net}, for the first time in ` +
        `${window} of history; previously seen networks: ${known(state.networks)}.`,
      evidence: {
        event_ids: [ctx.event.event_id],
        values: { ip: ctx.event.ip, network: ctx.net, asn: ctx.asn, country: ctx.country },
        baseline: {
          known_networks: Object.keys(state.networks).slice(0, 50),
          history_window_ms: ctx.settings.historyWindowMs,
        },
      },
    });
  }
  remember(state.networks, ctx.net, ctx.at);
  return findings;
}

/** new_asn_country: a successful use from a country (high) or autonomous system (medium) not seen before. */
export function detectNewAsnCountry(state: TokenState, ctx: EventContext): Finding[] {
  if (!ctx.isUse) return [];
  const findings: Finding[] = [];
  const countryKey = ctx.country;
  const asnKey = ctx.asn !== undefined ? `AS${ctx.asn}` : undefined;
  const newCountry = countryKey !== undefined && state.countries[countryKey] === undefined;
  const newAsn = asnKey !== undefined && state.asns[asnKey] === undefined;
  if ((newCountry || newAsn) && !learning(state, ctx)) {
    const what = newCountry ? `country ${countryKey}` : `network operator ${asnKey}`;
    findings.push({
      ...findingBase(ctx),
      detector: 'new_asn_country',
      key: newCountry ? `country:${countryKey}` : `asn:${asnKey}`,
      severity: newCountry ? 'high' : 'medium',
      title: `Token used from a new ${newCountry ? 'country' : 'ASN'}: ${newCountry ? countryKey : asnKey}`,
      explanation:
        `Token ${ctx.label} was used from ${describeIp(ctx)}, in ${what} for the first time in ` +
        `${days(ctx.settings.historyWindowMs)} of history; previously seen: ` +
        `${newCountry ? known(state.countries) : known(state.asns)}.`,
      evidence: {
        event_ids: [ctx.event.event_id],
        values: { ip: ctx.event.ip, asn: ctx.asn, country: ctx.country },
        baseline: { known_countries: Object.keys(state.countries), known_asns: Object.keys(state.asns).slice(0, 50) },
      },
    });
  }
  if (countryKey !== undefined) remember(state.countries, countryKey, ctx.at);
  if (asnKey !== undefined) remember(state.asns, asnKey, ctx.at);
  return findings;
}

/** new_user_agent: a successful use with a user agent not seen before (low: agents change with upgrades). */
export function detectNewUserAgent(state: TokenState, ctx: EventContext): Finding[] {
  const agent = ctx.event.user_agent?.trim().slice(0, 256);
  if (!ctx.isUse || !agent) return [];
  const findings: Finding[] = [];
  if (state.agents[agent] === undefined && !learning(state, ctx)) {
    findings.push({
      ...findingBase(ctx),
      detector: 'new_user_agent',
      key: `ua:${agent}`,
      severity: 'low',
      title: 'Token used with a new user agent',
      explanation:
        `Token ${ctx.label} was used from ${describeIp(ctx)} with user agent "${agent}", not seen in ` +
        `${days(ctx.settings.historyWindowMs)} of history; previously seen: ${known(state.agents, 3)}.`,
      evidence: {
        event_ids: [ctx.event.event_id],
        values: { user_agent: agent, ip: ctx.event.ip },
        baseline: { known_user_agents: Object.keys(state.agents).slice(0, 20) },
      },
    });
  }
  remember(state.agents, agent, ctx.at);
  return findings;
}
