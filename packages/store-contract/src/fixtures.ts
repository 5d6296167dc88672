import { TokenEvent, TOKEN_EVENT_SCHEMA_VERSION, type DeadLetter } from '@tokenwatch/schema';

const BASE = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A valid canonical event; overrides win. Validated so a contract test never feeds a store nonsense. */
export function makeEvent(n: number, overrides: Partial<TokenEvent> = {}): TokenEvent {
  return TokenEvent.parse({
    schema_version: TOKEN_EVENT_SCHEMA_VERSION,
    event_id: `evt-${String(n).padStart(6, '0')}`,
    source: 'tableau_cloud',
    source_event_type: 'login_authentication',
    kind: 'token.used',
    occurred_at: BASE + n * 1000,
    received_at: BASE + n * 1000 + 500,
    token_id: `tok-${n % 3}`,
    outcome: 'success',
    raw: JSON.stringify({ n }),
    ...overrides,
  });
}

/** Every optional field filled, with values a careless store would mangle. */
export function makeFullEvent(n: number): TokenEvent {
  return makeEvent(n, {
    token_name: "ci-'deploy'\\nightly",
    owner_id: 'usr-7f3a',
    owner_email: 'zoë@example.com',
    tenant: 'acme',
    site: 'finance',
    ip: '2001:db8::7',
    invoked_by: 'iam.amazonaws.com',
    asn: 4294967295,
    country: 'NL',
    user_agent: 'python-requests/2.31 "quoted" \u{1F511}',
    request: { method: 'POST', path: "/api/3.22/auth/signin?x='1' OR 1=1; --" },
    outcome: 'failure',
    outcome_reason: 'unauthorized\nline two',
    scopes: ['read', 'wr"ite', ''],
    expires_at: BASE + 86_400_000 * 180,
    raw: '{"eventType":"login_authentication","note":"\\u0000 and \'; DROP TABLE events; --"}',
  });
}

export function makeDeadLetter(n: number, overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    dead_letter_id: `dl-${String(n).padStart(6, '0')}`,
    received_at: BASE + n * 1000,
    origin: `http:req-${n}#${n}`,
    source: 'tableau_cloud',
    reason: n % 2 === 0 ? 'eventTime: not an ISO-8601 time' : 'token id is required',
    field_path: n % 2 === 0 ? 'eventTime' : 'tokenGuid',
    raw: `{"line":${n},"q":"it's"}`,
    raw_encoding: 'utf8',
    ...overrides,
  };
}
