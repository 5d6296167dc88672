import { isIP } from 'node:net';
import { EVENT_KINDS, OUTCOMES, SOURCES, TOKEN_EVENT_SCHEMA_VERSION, TokenEvent } from './token-event';

const sources = new Set<unknown>(SOURCES);
const kinds = new Set<unknown>(EVENT_KINDS);
const outcomes = new Set<unknown>(OUTCOMES);
const MIN_MS = 631152000000;
const MAX_MS = 7258118400000;

const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
const optionalText = (v: unknown, max: number) => v === undefined || text(v, max);
const epochMs = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= MIN_MS && v <= MAX_MS;

/** Every key a TokenEvent may have (the zod schema is strict: any other key is an error). */
const KEYS = new Set(Object.keys(TokenEvent.shape));

function request(v: unknown): boolean {
  if (v === undefined) return true;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const key in v) if (key !== 'method' && key !== 'path') return false;
  const r = v as { method?: unknown; path?: unknown };
  return optionalText(r.method, 16) && optionalText(r.path, 4096);
}

function scopes(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > 256) return false;
  for (const scope of v) if (!text(scope, 256)) return false;
  return true;
}

/**
 * The TokenEvent schema as plain checks, for the per-event hot path (ingest checks every normaliser output).
 * It may be stricter than the zod schema but never laxer — a property test holds it to that — so callers use it
 * as a fast "certainly valid" and ask zod only when it says no (zod then names the field and reason).
 */
export function isTokenEvent(value: unknown): value is TokenEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (!KEYS.has(key)) return false;
  const e = value as Record<string, unknown>;
  return (
    e.schema_version === TOKEN_EVENT_SCHEMA_VERSION &&
    typeof e.event_id === 'string' &&
    e.event_id.length >= 1 &&
    e.event_id.length <= 200 &&
    sources.has(e.source) &&
    text(e.source_event_type, 256) &&
    kinds.has(e.kind) &&
    epochMs(e.occurred_at) &&
    epochMs(e.received_at) &&
    typeof e.token_id === 'string' &&
    e.token_id.length >= 1 &&
    e.token_id.length <= 512 &&
    optionalText(e.token_name, 512) &&
    optionalText(e.owner_id, 512) &&
    optionalText(e.owner_email, 512) &&
    optionalText(e.tenant, 512) &&
    optionalText(e.site, 512) &&
    (e.ip === undefined || (typeof e.ip === 'string' && isIP(e.ip) !== 0)) &&
    optionalText(e.invoked_by, 256) &&
    (e.asn === undefined ||
      (typeof e.asn === 'number' && Number.isSafeInteger(e.asn) && e.asn >= 0 && e.asn <= 4294967295)) &&
    (e.country === undefined || (typeof e.country === 'string' && e.country.length === 2)) &&
    optionalText(e.user_agent, 2048) &&
    request(e.request) &&
    outcomes.has(e.outcome) &&
    optionalText(e.outcome_reason, 2048) &&
    scopes(e.scopes) &&
    (e.expires_at === undefined || epochMs(e.expires_at)) &&
    typeof e.raw === 'string'
  );
}
