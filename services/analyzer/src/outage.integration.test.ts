import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, migrate, openClickHouse } from '@tokenwatch/clickhouse';
import { DAY, HOUR, MIN, T0, detectorSettings, replay } from '@tokenwatch/detectors';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { TokenEvent } from '@tokenwatch/schema';
import { createClickHouseAlertStore, createClickHouseEventStore } from '@tokenwatch/store-clickhouse';
import { privateClickHouse, testServices, uniqueName, type PrivateClickHouse } from '@tokenwatch/testkit';
import { loadAnalyzerEnv, startAnalyzer, type RunningAnalyzer } from './index';
import { essence, lag, scenario, until } from './test-support';

describe('analyzer when ClickHouse goes away (real Kafka, a private ClickHouse stopped mid-scenario)', () => {
  const { kafkaBrokers } = testServices();
  const topic = uniqueName('auth_events');
  const groupId = uniqueName('outage');
  const database = uniqueName('tw_outage');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'outage-test' });
  let clickhouse: PrivateClickHouse;
  let analyzer: RunningAnalyzer | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    clickhouse = await privateClickHouse();
    await clickhouse.up();
  });
  afterAll(async () => {
    await analyzer?.stop().catch(() => undefined);
    await clickhouse?.down();
  });

  it('keeps running, then catches up with every alert once and none lost', async () => {
    const events = scenario();
    const db = await openClickHouse({ url: clickhouse.url, database });
    await migrate(db);
    const store = createClickHouseEventStore(db);
    const producer = kafka.producer();
    await producer.connect();
    const send = (batch: TokenEvent[]) =>
      producer.send({ topic, messages: batch.map((e) => ({ key: e.token_id, value: JSON.stringify(e) })) });
    const cut = events.findIndex((e) => e.occurred_at >= T0 + 8 * DAY);
    const cut2 = events.findIndex((e) => e.occurred_at >= T0 + 8 * DAY + 2 * HOUR + 30 * MIN);

    await store.appendEvents(events.slice(0, cut));
    await send(events.slice(0, cut));
    analyzer = await startAnalyzer(
      loadAnalyzerEnv({
        CLICKHOUSE_URL: clickhouse.url,
        CLICKHOUSE_DATABASE: database,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        ANALYZER_TOPIC: topic,
        ANALYZER_GROUP_ID: groupId,
        ANALYZER_ALERTS_TOPIC: uniqueName('alerts'),
        ANALYZER_GEOIP: 'false',
        ANALYZER_SESSION_TIMEOUT: '6s',
        ANALYZER_POLICY_INTERVAL: '0s',
        ANALYZER_IP_SPRAY_INTERVAL: '0s',
        ANALYZER_SILENCE_CHECK: '0s',
      }),
      { log: (line) => lines.push(line) },
    );
    await until('the quiet days analysed', async () => (await lag(kafka, groupId, topic)) === 0);

    // ClickHouse goes away while the incidents arrive (ingest would be paused too: they reach it afterwards).
    await clickhouse.down();
    await send(events.slice(cut, cut2));
    await new Promise((r) => setTimeout(r, 10_000));
    const lagWhileDown = await lag(kafka, groupId, topic);
    await clickhouse.up();
    await store.appendEvents(events.slice(cut));
    await send(events.slice(cut2));
    await until('caught up after ClickHouse came back', async () => (await lag(kafka, groupId, topic)) === 0, 120_000);
    await analyzer.stop();
    analyzer = undefined;

    const alerts = await createClickHouseAlertStore(db).listAlerts({});
    const expected = replay(events, { settings: detectorSettings(), now: () => 0 }).alerts;
    console.log(
      `outage test: ${lagWhileDown} messages uncommitted while ClickHouse was down; ${alerts.length} alerts; ` +
        `analyzer said: ${lines
          .filter((l) => l.includes('failed'))
          .slice(0, 3)
          .join(' | ')}`,
    );
    expect(lagWhileDown).toBeGreaterThan(0);
    // The path under test ran: a failed write made it re-read from the committed offsets.
    expect(lines.some((l) => l.includes('a write failed, re-reading from the last committed offsets'))).toBe(true);
    expect(alerts.map(essence).sort()).toEqual(expected.map(essence).sort());
    for (const alert of alerts) {
      const created = (await createClickHouseAlertStore(db).readAudit(alert.alert_id)).filter(
        (e) => e.action === 'created',
      );
      expect(created, alert.alert_id).toHaveLength(1);
    }
    await producer.disconnect();
    await db.close();
    await dropDatabase({ url: clickhouse.url }, database);
  });
});
