import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { DAY, HOUR, MIN, T0, detectorSettings, replay } from '@tokenwatch/detectors';
import { createKafka, ensureTopics } from '@tokenwatch/kafka';
import type { Alert, TokenEvent } from '@tokenwatch/schema';
import { createClickHouseAlertStore, createClickHouseEventStore } from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName, withTestDatabase } from '@tokenwatch/testkit';
import { loadAnalyzerEnv, startAnalyzer, type RunningAnalyzer } from './index';
import { essence, lag, scenario, until } from './test-support';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function spawnAnalyzer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'analyze'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('analyzer: consuming')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`analyzer exited with ${code} before starting:\n${output}`)));
  });
}

describe('analyzer restart on real Kafka and ClickHouse', () => {
  const { clickhouseUrl, kafkaBrokers } = testServices();
  const topic = uniqueName('auth_events');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'restart-test' });
  let reference: RunningAnalyzer | undefined;
  let victim: ChildProcess | undefined;

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
  });
  afterAll(async () => {
    victim?.kill('SIGKILL');
    await reference?.stop();
  });

  it('kill -9 mid-scenario and restart → the same alerts as an uninterrupted run, none twice', async () => {
    await withTestDatabase(async (dbA: ClickHouse) => {
      await withTestDatabase(async (dbB: ClickHouse) => {
        const events = scenario();
        const producer = kafka.producer();
        await producer.connect();
        /** As ingest would: stored in ClickHouse (both runs' databases) and on the topic, keyed by token. */
        const deliver = async (batch: TokenEvent[]) => {
          await createClickHouseEventStore(dbA).appendEvents(batch);
          await createClickHouseEventStore(dbB).appendEvents(batch);
          await producer.send({
            topic,
            messages: batch.map((e) => ({ key: e.token_id, value: JSON.stringify(e) })),
          });
        };
        const cut1 = events.findIndex((e) => e.occurred_at >= T0 + 7 * DAY);
        const cut2 = events.findIndex((e) => e.occurred_at >= T0 + 8 * DAY + 2 * HOUR + 30 * MIN);
        const base = {
          CLICKHOUSE_URL: clickhouseUrl,
          KAFKA_BROKERS: kafkaBrokers.join(','),
          ANALYZER_TOPIC: topic,
          ANALYZER_GEOIP: 'false',
          ANALYZER_SESSION_TIMEOUT: '6s',
          // The replay compared with has no scheduled policy checks (wall-clock driven; tested on their own).
          ANALYZER_POLICY_INTERVAL: '0s',
        };
        const envA = {
          ...base,
          CLICKHOUSE_DATABASE: dbA.database,
          ANALYZER_GROUP_ID: uniqueName('ref'),
          ANALYZER_ALERTS_TOPIC: uniqueName('alerts_a'),
        };
        const envB = {
          ...base,
          CLICKHOUSE_DATABASE: dbB.database,
          ANALYZER_GROUP_ID: uniqueName('victim'),
          ANALYZER_ALERTS_TOPIC: uniqueName('alerts_b'),
        };

        await deliver(events.slice(0, cut1));
        reference = await startAnalyzer(loadAnalyzerEnv(envA), { log: () => {} });
        victim = await spawnAnalyzer(envB);
        await until('phase 1 analysed', async () => (await lag(kafka, envB.ANALYZER_GROUP_ID, topic)) === 0);

        // Phase 2 arrives in small batches; the victim is killed (SIGKILL, no goodbye) while it works on them.
        const phase2 = events.slice(cut1, cut2);
        for (let i = 0; i < phase2.length; i += 40) {
          await deliver(phase2.slice(i, i + 40));
          if (i >= phase2.length / 2 && victim) {
            victim.kill('SIGKILL');
            victim = undefined;
          }
        }
        const lagAtKill = await lag(kafka, envB.ANALYZER_GROUP_ID, topic);
        await deliver(events.slice(cut2));
        victim = await spawnAnalyzer(envB);

        for (const env of [envA, envB]) {
          await until(
            `${env.ANALYZER_GROUP_ID} caught up`,
            async () => (await lag(kafka, env.ANALYZER_GROUP_ID, topic)) === 0,
          );
        }
        await producer.disconnect();
        // Stop both before their databases are dropped.
        await reference.stop();
        reference = undefined;
        victim.kill('SIGKILL');
        victim = undefined;

        const alertsA = await createClickHouseAlertStore(dbA).listAlerts({});
        const alertsB = await createClickHouseAlertStore(dbB).listAlerts({});
        const expected = replay(events, { settings: detectorSettings(), now: () => 0 }).alerts;
        console.log(
          `restart test: ${events.length} events, ${alertsA.length} alerts; victim killed with ${lagAtKill} messages unprocessed`,
        );
        expect(lagAtKill).toBeGreaterThan(0);
        expect(new Set(alertsA.map((a) => a.detector))).toEqual(
          new Set(['new_ip', 'new_user_agent', 'auth_failure_burst', 'use_after_revocation', 'concurrent_use']),
        );
        expect(alertsB.map(essence).sort()).toEqual(alertsA.map(essence).sort());
        expect(alertsA.map(essence).sort()).toEqual(expected.map(essence).sort());

        // No duplicate: exactly one "created" audit entry per alert in the restarted run.
        const storeB = createClickHouseAlertStore(dbB);
        for (const alert of alertsB) {
          const created = (await storeB.readAudit(alert.alert_id)).filter((e) => e.action === 'created');
          expect(created, alert.alert_id).toHaveLength(1);
        }

        // None missed on the topic either: every alert was published by the restarted run.
        const consumer = kafka.consumer({ groupId: uniqueName('alerts_reader') });
        await consumer.connect();
        await consumer.subscribe({ topic: envB.ANALYZER_ALERTS_TOPIC, fromBeginning: true });
        const published = new Map<string, number>();
        await consumer.run({
          eachMessage: ({ message }) => {
            const alert = JSON.parse(message.value!.toString()) as Alert;
            published.set(alert.alert_id, Math.max(published.get(alert.alert_id) ?? 0, alert.count));
            return Promise.resolve();
          },
        });
        await until('alerts read back', () => Promise.resolve(published.size >= alertsB.length), 30_000);
        await consumer.disconnect();
        expect(new Map(alertsB.map((a) => [a.alert_id, a.count]))).toEqual(published);
      });
    });
  });
});
