import { eventIdFromRaw, normaliseIp, type EventKind, type TokenEvent } from '@tokenwatch/schema';
import { buildEvent } from './result';
import { clip, firstText, get, optionalText, reject, text, type Obj } from './read';
import { parseTime } from './time';

const LIFECYCLE: Readonly<Record<string, EventKind>> = {
  'personal_access_token.create': 'token.created',
  'personal_access_token.access_granted': 'token.created',
  'personal_access_token.destroy': 'token.revoked',
  'personal_access_token.access_revoked': 'token.revoked',
  'personal_access_token.update': 'token.updated',
  'personal_access_token.credential_regenerated': 'token.updated',
  'personal_access_token.request_created': 'other',
  'personal_access_token.request_cancelled': 'other',
  'personal_access_token.request_denied': 'other',
};

/**
 * GitHub audit log entry → 0 or 1 events. Any entry carrying `token_id` / `hashed_token` is a use of that token;
 * PAT lifecycle actions map to their kinds. The audit log states no outcome, so it is `unknown`.
 */
export function normaliseGitHub(record: Obj, now: number, raw: string): { events: TokenEvent[]; ignored?: string } {
  const action = optionalText(record, 'action');
  if (!action) reject('action', 'required field is missing or empty');
  const numericId = text(get(record, 'token_id'));
  const hashed = optionalText(record, 'hashed_token');
  const lifecycle = Object.prototype.hasOwnProperty.call(LIFECYCLE, action) ? LIFECYCLE[action] : undefined;
  if (!numericId && !hashed) {
    if (lifecycle) reject('token_id', `${action} names no token (token_id or hashed_token)`);
    return { events: [], ignored: 'GitHub entry without token_id or hashed_token' };
  }
  const tokenId = numericId ? `github:${numericId}` : `github:hashed:${hashed}`;
  if (tokenId.length > 512) reject(numericId ? 'token_id' : 'hashed_token', 'token id longer than 512 characters');
  const timestamp = firstText(record, ['@timestamp', 'created_at', 'timestamp']);
  const occurredAt = parseTime(timestamp ? get(record, timestamp.key) : undefined, timestamp?.key ?? '@timestamp');
  const ipText = optionalText(record, 'actor_ip');
  const tenant = firstText(record, ['business', 'enterprise', 'org']);
  return {
    events: [
      buildEvent(
        {
          event_id: clip(optionalText(record, '_document_id'), 200) ?? eventIdFromRaw('github', record),
          source: 'github',
          source_event_type: clip(action, 256)!,
          kind: lifecycle ?? 'token.used',
          occurred_at: occurredAt,
          token_id: tokenId,
          token_name: clip(optionalText(record, 'token_name'), 512),
          owner_id: clip(firstText(record, lifecycle ? ['user', 'actor'] : ['actor', 'user'])?.value, 512),
          tenant: clip(tenant?.value, 512),
          site: tenant && tenant.key !== 'org' ? clip(optionalText(record, 'org'), 512) : undefined,
          ip: ipText === undefined ? undefined : normaliseIp(ipText),
          user_agent: clip(optionalText(record, 'user_agent'), 2048),
          outcome: 'unknown',
          scopes: scopesOf(get(record, 'token_scopes')),
        },
        now,
        raw,
      ),
    ],
  };
}

/** `token_scopes` is a comma-separated string in the API, an array in some exports. */
function scopesOf(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const scopes = items
    .map((s) => text(s))
    .filter((s): s is string => s !== undefined)
    .map((s) => clip(s, 256)!)
    .slice(0, 256);
  return scopes.length > 0 ? scopes : undefined;
}
