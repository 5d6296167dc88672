import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql, unsafeRaw } from '@tokenwatch/clickhouse';
import { openHarness, type Harness } from './test-harness';

/**
 * Thousands of malformed requests to every route: wrong types, huge values, injection strings in every path
 * segment, query parameter, header and body field. The API must answer each with a 4xx in the error format (or a
 * 2xx when the junk happens to be valid), never a 500, and no stored row may change.
 */
const RUNS = Number(process.env.API_FUZZ_RUNS ?? 2000);

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE tokens; --",
  '\\',
  "\\'",
  '"',
  '`',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\r\nX-Injected: 1',
  '1; SELECT * FROM system.tables',
  "') UNION ALL SELECT secret_sha256 FROM api_keys --",
  'FORMAT TabSeparated',
  '{"$gt":""}',
  '🔑'.repeat(50),
  '\ud800',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '-9223372036854775809',
  '0x7fffffff',
  'true',
  'null',
  '[]',
  '{}',
  '',
  ' ',
  'open,',
  ',,,',
  'open,false_positive,nope',
  '2026-13-45T99:99:99Z',
  '9999-12-31T23:59:59Z',
];

const QUERY_NAMES = [
  'limit',
  'cursor',
  'status',
  'owner',
  'source',
  'stale_days',
  'expiring_days',
  'from',
  'to',
  'by',
  'interval',
  'severity',
  'detector',
  'token_id',
  'include_expired',
  'min_false_positives',
  'colour',
  '__proto__',
  'constructor',
];

const junkText = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 5 }).map((n) => 'x'.repeat(n * 2000)),
  fc.base64String({ maxLength: 200 }),
  fc.double().map(String),
  fc.bigInt().map(String),
);

const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  junkText,
  fc.record(
    Object.fromEntries(
      ['name', 'scopes', 'note', 'assignee', 'reason', 'token_id', 'detector', 'cidr', 'user_agent', 'expires_at'].map(
        (k) => [k, fc.oneof(junkText, fc.jsonValue({ maxDepth: 2 }), fc.double(), fc.constant(null))],
      ),
    ),
    { requiredKeys: [] },
  ),
);

const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[^\x20-\x7e]/g, '%ZZ');
  }
};

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

let h: Harness;
let routes: { method: string; url: string }[];

beforeAll(async () => {
  h = await openHarness();
  routes = h.app.routeTable.filter((r) => !r.url.startsWith('/docs'));
});
afterAll(() => h?.close());

/** Every row that a request could change, excluding key-use events (recording those is the point). */
async function snapshot(): Promise<string> {
  const tables: [string, string][] = [
    ['tokens', 'token_id, updated_at_ms'],
    ['api_keys', 'key_id, updated_at_ms'],
    ['dead_letters', 'dead_letter_id'],
  ];
  const parts: unknown[] = [];
  for (const [table, order] of tables) {
    parts.push(await h.db.query(unsafeRaw(`SELECT * FROM ${table} ORDER BY ${order}`)));
  }
  parts.push(
    await h.db.query(
      sql`SELECT * FROM events WHERE NOT startsWith(token_id, 'tokenwatch-api-key:') ORDER BY event_id, received_at_ms`,
    ),
  );
  return JSON.stringify(parts);
}

describe('fuzz', () => {
  it(`answers ${RUNS} malformed requests without a 500 and without changing a row`, async () => {
    const before = await snapshot();
    const alertsBefore = JSON.stringify(h.app.routeTable.length);
    const keys = h.keys;
    const request = fc
      .record({
        route: fc.integer({ min: 0, max: routes.length - 1 }),
        params: fc.array(junkText, { minLength: 3, maxLength: 3 }),
        query: fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), junkText), { maxLength: 5 }),
        auth: fc.oneof(
          fc.constantFrom(
            keys.admin.authorization,
            keys.read.authorization,
            keys.triage.authorization,
            keys.ingest.authorization,
          ),
          fc.constantFrom(keys.admin.authorization),
          junkText.map((t) => `Bearer ${t}`),
          fc.constant(undefined),
        ),
        contentType: fc.constantFrom(
          'application/json',
          'application/x-ndjson',
          'text/plain',
          'application/xml',
          undefined,
        ),
        body: fc.option(
          fc.oneof(
            junkJson.map((v) => JSON.stringify(v) ?? 'null'),
            junkText,
          ),
          { nil: undefined },
        ),
      })
      .map(({ route, params, query, auth, contentType, body }): FuzzRequest => {
        const r = routes[route]!;
        let i = 0;
        const path = r.url.replace(/:[a-z_]+/g, () => enc(params[i++] ?? ''));
        const qs = query.map(([k, v]) => `${k}=${enc(v)}`).join('&');
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth.replace(/[\r\n]/g, '');
        if (contentType && body !== undefined) headers['content-type'] = contentType;
        return {
          method: r.method,
          url: qs ? `${path}?${qs}` : path,
          headers,
          ...(body !== undefined && r.method !== 'GET' ? { payload: body } : {}),
        };
      });

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const response = await h.app.inject({
          method: req.method as 'GET',
          url: req.url,
          headers: req.headers,
          ...(req.payload !== undefined ? { payload: req.payload } : {}),
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500)
          throw new Error(
            `${response.statusCode} for ${JSON.stringify(req).slice(0, 400)}: ${response.body.slice(0, 500)}`,
          );
        // The web UI (/ui) answers in HTML; everything else in the JSON error format.
        if (response.statusCode >= 400 && !req.url.startsWith('/ui')) {
          const body = response.json<{ error?: { code?: string } }>();
          if (typeof body.error?.code !== 'string')
            throw new Error(`no error code for ${JSON.stringify(req).slice(0, 400)}: ${response.body.slice(0, 300)}`);
        }
      }),
      {
        numRuns: RUNS,
        seed: Number(process.env.API_FUZZ_SEED ?? 20261128),
        endOnFailure: true,
        reporter: (d) => {
          if (d.failed) throw new Error(String(d.errorInstance).slice(0, 1500));
        },
      },
    );
    // Most requests must have reached validation or handlers, not just bounced off authentication.
    const passedAuth = [...statuses].filter(([s]) => s !== 401).reduce((n, [, c]) => n + c, 0);
    expect(passedAuth).toBeGreaterThan(RUNS / 2);
    expect(await snapshot()).toBe(before);
    expect(JSON.stringify(h.app.routeTable.length)).toBe(alertsBefore);
  });
});
