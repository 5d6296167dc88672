/** A real-ClickHouse app for the integration and fuzz tests: own database, seeded, with keys of every scope. */
import { dropDatabase, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import {
  createClickHouseAlertStore,
  createClickHouseApiKeyStore,
  createClickHouseEventStore,
  createClickHouseReadModel,
  createClickHouseSuppressionStore,
} from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName } from '@tokenwatch/testkit';
import { buildApp, type App } from './app';
import { DAY, T0, event, fakeIntake, keyHeader } from './test-support';

export const TOKENS = 30;
export const tokenId = (i: number) => `tok-${String(i).padStart(2, '0')}`;

export interface Key {
  authorization: string;
  keyId: string;
}

export interface Harness {
  app: App;
  db: ClickHouse;
  keys: { read: Key; triage: Key; admin: Key; ingest: Key };
  close(): Promise<void>;
}

/** 30 tokens with varied status/owner/source/last use/expiry; events for tok-05 and tok-06 (some redelivered). */
async function seed(db: ClickHouse) {
  await db.insert(
    'tokens',
    Array.from({ length: TOKENS }, (_, i) => ({
      token_id: tokenId(i),
      source: i % 2 === 0 ? 'tableau_cloud' : 'github',
      token_name: `token ${i}`,
      owner_id: `owner-${i % 3}`,
      owner_email: `owner${i % 3}@example.com`,
      tenant: '',
      site: 'site-a',
      status: i % 10 === 0 ? 'revoked' : i % 10 === 1 ? 'expired' : 'active',
      scopes: [],
      created_at_ms: T0 - 100 * DAY,
      expires_at_ms: i % 4 === 0 ? null : T0 + i * DAY,
      revoked_at_ms: null,
      last_used_at_ms: i < 5 ? null : T0 - i * DAY,
      first_seen_at_ms: T0 - 100 * DAY,
      updated_at_ms: T0 - 100 * DAY,
    })),
  );
  const events = createClickHouseEventStore(db);
  const batch = [
    ...Array.from({ length: 12 }, (_, i) =>
      event(i, {
        ip: `203.0.113.${i % 3}`,
        country: i % 3 === 0 ? 'NL' : 'US',
        asn: 64500 + (i % 2),
        user_agent: 'tableau-client/1',
        outcome: i % 4 === 0 ? 'failure' : 'success',
        ...(i % 4 === 0 ? { outcome_reason: 'unauthorized', kind: 'token.auth_failed' as const } : {}),
      }),
    ),
    event(100, { token_id: 'tok-06', ip: '198.51.100.7', occurred_at: T0 - DAY }),
  ];
  await events.appendEvents(batch);
  // A redelivered batch: the same events again must not be counted twice.
  await events.appendEvents(batch.slice(0, 4));
}

export async function openHarness(options: { rateLimitPerMinute?: number } = {}): Promise<Harness> {
  const database = uniqueName('tw_test_api');
  const db = await openClickHouse({ url: testServices().clickhouseUrl, database });
  await migrate(db);
  await seed(db);
  const apiKeys = createClickHouseApiKeyStore(db);
  const app = await buildApp(
    {
      readModel: createClickHouseReadModel(db),
      alerts: createClickHouseAlertStore(db),
      suppressions: createClickHouseSuppressionStore(db),
      apiKeys,
      keyUse: createClickHouseEventStore(db),
      intake: fakeIntake(),
      now: () => T0,
    },
    { logLevel: false, rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000 },
  );
  const keys = {
    read: await keyHeader(apiKeys, ['read']),
    triage: await keyHeader(apiKeys, ['triage']),
    admin: await keyHeader(apiKeys, ['admin']),
    ingest: await keyHeader(apiKeys, ['ingest']),
  };
  return {
    app,
    db,
    keys,
    async close() {
      await app.close();
      await db.close();
      await dropDatabase({ url: testServices().clickhouseUrl }, database);
    },
  };
}
