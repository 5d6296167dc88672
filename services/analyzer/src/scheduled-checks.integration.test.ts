import { describe, expect, it } from 'vitest';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { DAY, MIN, tokenEvent } from '@tokenwatch/detectors';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { Alert, TokenEvent } from '@tokenwatch/schema';
import {
  createClickHouseAlertStore,
  createClickHouseEventStore,
  createClickHouseTokenRegistry,
} from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName, withTestDatabase } from '@tokenwatch/testkit';
import { loadAnalyzerEnv, startAnalyzer } from './index';

const N = Date.UTC(2026, 10, 20, 12);

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('scale-out analyzer (Kafka + ClickHouse): batch revocations, policy checks, per-IP failure scan', () => {
  const { clickhouseUrl, kafkaBrokers } = testServices();

  it('routes a batch revocation to each token, and raises policy and per-IP alerts, stored and published', async () => {
    await withTestDatabase(async (db: ClickHouse) => {
      const topic = uniqueName('auth_events');
      const alertsTopic = uniqueName('alerts');
      const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'scheduled-checks-test' });
      await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
      const producer = kafka.producer();
      await producer.connect();
      const events = createClickHouseEventStore(db);
      const tokens = createClickHouseTokenRegistry(db);
      const alerts = createClickHouseAlertStore(db);
      /** As ingest would: stored, and on the topic keyed by token. */
      const deliver = async (batch: TokenEvent[]) => {
        await events.appendEvents(batch);
        await producer.send({ topic, messages: batch.map((e) => ({ key: e.token_id, value: JSON.stringify(e) })) });
      };
      const running = await startAnalyzer(
        loadAnalyzerEnv({
          CLICKHOUSE_URL: clickhouseUrl,
          CLICKHOUSE_DATABASE: db.database,
          KAFKA_BROKERS: kafkaBrokers.join(','),
          ANALYZER_TOPIC: topic,
          ANALYZER_ALERTS_TOPIC: alertsTopic,
          ANALYZER_GROUP_ID: uniqueName('analyzer'),
          ANALYZER_GEOIP: 'false',
          ANALYZER_SESSION_TIMEOUT: '6s',
          ANALYZER_REGISTRY_FLUSH: '0s',
          ANALYZER_POLICY_INTERVAL: '0s',
          ANALYZER_IP_SPRAY_INTERVAL: '0s',
        }),
        { now: () => N, log: () => {} },
      );
      try {
        const pat = (token_id: string, owner_id: string, spec: Partial<TokenEvent> & { at: number }) =>
          tokenEvent({ source: 'tableau_cloud', tenant: 'tnt-1', owner_id, token_id, ...spec });
        await deliver([
          pat('tok-a', 'u-leaver', { at: N - 30 * DAY, kind: 'token.created', expires_at: N + 100 * DAY }),
          pat('tok-b', 'u-leaver', { at: N - 30 * DAY, kind: 'token.created', expires_at: N + 100 * DAY }),
          pat('tok-c', 'u-stays', { at: N - 30 * DAY, kind: 'token.created' }),
          pat('tok-a', 'u-leaver', { at: N - 3 * DAY }),
          pat('tok-c', 'u-stays', { at: N - 3 * DAY }),
        ]);
        await until(
          'tokens registered',
          async () => (await tokens.getTokens(['tok-a', 'tok-b', 'tok-c'])).length === 3,
        );

        // The user is removed: one event for all their tokens, on whichever partition `tnt-1/u-leaver/*` hashes to.
        await deliver([
          pat('tnt-1/u-leaver/*', 'u-leaver', {
            at: N - 2 * DAY,
            kind: 'token.revoked',
            source_event_type: 'batch_revoke_personal_access_token',
          }),
        ]);
        const revoked = await until('batch expanded to both tokens', async () => {
          const rows = await tokens.getTokens(['tok-a', 'tok-b']);
          return rows.every((t) => t.revoked_at === N - 2 * DAY) && rows;
        });
        expect(revoked.map((t) => t.status)).toEqual(['revoked', 'revoked']);
        expect((await tokens.getTokens(['tok-c']))[0]!.revoked_at).toBeUndefined();
        await deliver([pat('tok-a', 'u-leaver', { at: N - 2 * DAY + 10 * MIN, ip: '198.51.100.7' })]);
        const afterRevocation = await until('use_after_revocation', async () =>
          (await alerts.listAlerts({ detector: 'use_after_revocation' })).find((a) => a.token_id === 'tok-a'),
        );
        expect(afterRevocation.severity).toBe('critical');

        // One IP failing against four tokens, 3 failures each: only the per-IP scan over all tokens sees it.
        await events.appendEvents(
          Array.from({ length: 12 }, (_, i) =>
            pat(`tok-s${i % 4}`, 'u-x', {
              at: N - 20 * MIN + i * 10_000,
              kind: 'token.auth_failed',
              outcome: 'failure',
              ip: '203.0.113.66',
            }),
          ),
        );
        await running.ipSprayChecks.runNow();
        await running.policyChecks.runNow();
        const raised = (await alerts.listAlerts({})).filter(
          (a) => a.detector.startsWith('policy_') || a.token_id.startsWith('ip:'),
        );
        expect(raised.map((a) => `${a.detector} ${a.token_id}`).sort()).toEqual([
          'auth_failure_burst ip:203.0.113.66',
          'policy_no_expiry tok-c',
        ]);

        // Published to the alerts topic like every other alert.
        const consumer = kafka.consumer({ groupId: uniqueName('alerts_reader') });
        await consumer.connect();
        await consumer.subscribe({ topic: alertsTopic, fromBeginning: true });
        const published = new Set<string>();
        await consumer.run({
          eachMessage: ({ message }) => {
            published.add((JSON.parse(message.value!.toString()) as Alert).alert_id);
            return Promise.resolve();
          },
        });
        await until('alerts published', () => Promise.resolve(raised.every((a) => published.has(a.alert_id))), 30_000);
        await consumer.disconnect();
      } finally {
        await running.stop();
        await producer.disconnect();
      }
    });
  });
});
