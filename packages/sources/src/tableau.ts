import { normaliseIp, type Outcome, type TokenEvent } from '@tokenwatch/schema';
import { buildEvent } from './result';
import { clip, firstText, get, isObj, optionalText, reject, type Obj } from './read';
import { parseTime } from './time';
import {
  DEFAULT_TABLEAU_MAPPING,
  DEFAULT_TOKEN_GUID_ATTRIBUTES,
  DEFAULT_TOKEN_NAME_ATTRIBUTES,
  type TableauMapping,
  type TableauMappingEntry,
} from './tableau-mapping';

const EVENT_TYPE_IN_PATH = /(?:^|[/\\])eventType=([^/\\]+)[/\\]/;
const DEFAULT_OWNER = ['initiatingUserLuid', 'actorUserLuid', 'initiatingUserId', 'actorUserId'];
const FAILURE_OUTCOMES = new Set(['unauthorized', 'client_error', 'internal_error', 'failure', 'failed', 'error']);

export interface TableauInput {
  source: 'tableau_cloud' | 'tableau_server';
  now: number;
  raw: string;
  eventId: string;
  filePath?: string;
  mapping?: TableauMapping;
}

/**
 * The attributes of one Activity Log record, whichever way it was written: flat, nested under `event` (some
 * shippers), or inside a Tableau Server log envelope `{ts, k, v:{…}}`. Envelope fields fill gaps only.
 */
export function tableauAttributes(record: Obj): Obj {
  const event = get(record, 'event');
  if (isObj(event)) {
    const outer: Obj = { ...record };
    delete outer.event;
    return { ...outer, ...event };
  }
  const v = get(record, 'v');
  if (isObj(v) && !('eventTime' in record) && !('eventType' in record)) {
    return { eventType: get(record, 'k'), eventTime: get(record, 'ts'), ...v };
  }
  return record;
}

export function tableauEventType(attributes: Obj, filePath: string | undefined): string | undefined {
  const own = optionalText(attributes, 'eventType');
  if (own) return own;
  const match = filePath ? EVENT_TYPE_IN_PATH.exec(filePath) : null;
  return match ? decodeURIComponentSafe(match[1]!) : undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function outcomeOf(attributes: Obj): { outcome: Outcome; note?: string } {
  const value = optionalText(attributes, 'eventOutcome');
  if (value === undefined) return { outcome: 'unknown' };
  const lower = value.toLowerCase();
  if (lower === 'success' || lower === 'succeeded') return { outcome: 'success' };
  if (FAILURE_OUTCOMES.has(lower)) return { outcome: 'failure', note: value };
  return { outcome: 'unknown', note: value };
}

/** An unreadable expiry is left out rather than losing the whole event; raw still has it. */
function expiresAt(attributes: Obj): number | undefined {
  const found = firstText(attributes, ['expiresAt', 'tokenExpiresAt', 'expirationTime']);
  if (!found) return undefined;
  try {
    return parseTime(found.value, found.key);
  } catch {
    return undefined;
  }
}

function lookup(mapping: TableauMapping, eventType: string): TableauMappingEntry | undefined {
  return Object.prototype.hasOwnProperty.call(mapping, eventType) ? mapping[eventType] : undefined;
}

/** Tableau Cloud / Server Activity Log record → 0 or 1 events (0 when its eventType is not a token event). */
export function normaliseTableau(record: Obj, input: TableauInput): { events: TokenEvent[]; ignored?: string } {
  const attributes = tableauAttributes(record);
  const eventType = tableauEventType(attributes, input.filePath);
  if (!eventType) reject('eventType', 'missing: neither in the record nor as /eventType=<name>/ in the file path');
  const entry = lookup(input.mapping ?? DEFAULT_TABLEAU_MAPPING, eventType);
  if (!entry) return { events: [], ignored: `eventType ${eventType} is not mapped to a token event` };

  const occurredAt = parseTime(get(attributes, 'eventTime'), 'eventTime');
  const { outcome, note } = outcomeOf(attributes);
  const tenant = firstText(attributes, ['tenantId', 'tenantName'])?.value;
  const site = firstText(attributes, ['siteLuid', 'siteId', 'siteName'])?.value;
  const owner = firstText(attributes, entry.owner ?? DEFAULT_OWNER);
  const initiator = firstText(attributes, DEFAULT_OWNER);
  const tokenName = firstText(attributes, entry.tokenName ?? DEFAULT_TOKEN_NAME_ATTRIBUTES)?.value;

  let tokenId: string;
  if (entry.scope === 'owner') {
    if (owner) tokenId = `${tenant ?? site ?? '-'}/${owner.value}/*`;
    else if (tenant) tokenId = `${tenant}/*`;
    else reject('tenantId', `${eventType} without an owner attribute needs tenantId to know which tokens it covers`);
  } else {
    const guid = firstText(attributes, entry.tokenGuid ?? DEFAULT_TOKEN_GUID_ATTRIBUTES)?.value;
    if (guid) tokenId = guid;
    else if (tokenName) tokenId = `${site ?? tenant ?? '-'}/${owner?.value ?? '-'}/${tokenName}`;
    else if (entry.withoutToken === 'ignore')
      return { events: [], ignored: `${eventType} without a personal access token attribute` };
    else
      reject(
        (entry.tokenGuid ?? DEFAULT_TOKEN_GUID_ATTRIBUTES)[0] ?? 'tokenGuid',
        `${eventType} names no token (looked for ${[...(entry.tokenGuid ?? DEFAULT_TOKEN_GUID_ATTRIBUTES), ...(entry.tokenName ?? DEFAULT_TOKEN_NAME_ATTRIBUTES)].join(', ')})`,
      );
  }
  if (tokenId.length > 512) reject('tokenGuid', 'token identifier longer than 512 characters');

  const ipText = firstText(attributes, ['initiatingUserIpAddress', 'ipAddress', 'clientIp'])?.value;
  const reasonText = optionalText(attributes, 'eventOutcomeReason');
  const url = optionalText(attributes, 'initiatingUrl');
  const event = buildEvent(
    {
      event_id: input.eventId,
      source: input.source,
      source_event_type: clip(eventType, 256)!,
      kind: outcome === 'failure' && entry.failureKind ? entry.failureKind : entry.kind,
      occurred_at: occurredAt,
      token_id: tokenId,
      token_name: clip(tokenName, 512),
      owner_id: clip(entry.scope === 'owner' ? owner?.value : (owner?.value ?? initiator?.value), 512),
      owner_email: clip(entry.scope === 'owner' ? undefined : optionalText(attributes, 'initiatingUserEmail'), 512),
      tenant: clip(tenant, 512),
      site: clip(site, 512),
      ip: ipText === undefined ? undefined : normaliseIp(ipText),
      user_agent: clip(optionalText(attributes, 'initiatingUserAgent'), 2048),
      request: url ? { path: clip(url, 4096) } : undefined,
      outcome,
      outcome_reason: clip(
        [note && outcome !== 'success' ? `eventOutcome ${note}` : undefined, reasonText].filter(Boolean).join(': ') ||
          undefined,
        2048,
      ),
      expires_at: expiresAt(attributes),
    },
    input.now,
    input.raw,
  );
  return { events: [event] };
}
