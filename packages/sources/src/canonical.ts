import { CanonicalEventInput, eventIdFromRaw, normaliseIp, truncateRaw, type TokenEvent } from '@tokenwatch/schema';
import { buildEvent } from './result';
import { reject, type Obj } from './read';
import { parseTime } from './time';

/**
 * The documented canonical format (source `generic`). The sender's own `source`, `event_id` and `raw` are kept
 * (a re-import of exported events stays the same events); `received_at` is always ours.
 */
export function normaliseCanonical(record: Obj, now: number, rawJson: string): TokenEvent {
  const parsed = CanonicalEventInput.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    reject(issue.path.map(String).join('.') || '(record)', issue.message);
  }
  const input = parsed.data;
  let ip: string | undefined;
  if (input.ip !== undefined && input.ip.trim() !== '') {
    ip = normaliseIp(input.ip);
    if (ip === undefined) reject('ip', 'not an IPv4 or IPv6 address');
  }
  return buildEvent(
    {
      event_id: input.event_id ?? eventIdFromRaw('generic', record),
      source: input.source ?? 'generic',
      source_event_type: input.source_event_type ?? input.kind,
      kind: input.kind,
      occurred_at: parseTime(input.occurred_at, 'occurred_at'),
      token_id: input.token_id,
      token_name: input.token_name,
      owner_id: input.owner_id,
      owner_email: input.owner_email,
      tenant: input.tenant,
      site: input.site,
      ip,
      invoked_by: input.invoked_by,
      asn: input.asn,
      country: input.country,
      user_agent: input.user_agent,
      request: input.request,
      outcome: input.outcome ?? 'unknown',
      outcome_reason: input.outcome_reason,
      scopes: input.scopes,
      expires_at: input.expires_at === undefined ? undefined : parseTime(input.expires_at, 'expires_at'),
    },
    now,
    input.raw === undefined ? rawJson : truncateRaw(input.raw),
  );
}
