/**
 * The scale-out pipeline end to end, each stage its own process as in docker-compose.yml:
 * HTTP POST /v1/events on `tokenwatch api` → Kafka auth-events → `tokenwatch ingest` → ClickHouse.
 * Invalid records are answered with their reason and land in the dead-letter table too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase, openClickHouse, sql } from '@tokenwatch/clickhouse';
import { testServices, uniqueName } from '@tokenwatch/testkit';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'services/cli/src/main.ts');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`tokenwatch ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

describe('scale-out: api → Kafka → ingest → ClickHouse', () => {
  const children: ChildProcess[] = [];
  const { clickhouseUrl, kafkaBrokers } = testServices();
  const database = uniqueName('tw_e2e');
  const topic = uniqueName('e2e_events');

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await dropDatabase({ url: clickhouseUrl }, database);
  });

  it('accepts pushed records, stores the valid ones and dead-letters the rest', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CLICKHOUSE_URL: clickhouseUrl,
      CLICKHOUSE_DATABASE: database,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      INGEST_TOPIC: topic,
      INGEST_DLQ_TOPIC: `${topic}_dlq`,
      INGEST_GROUP_ID: `${topic}_ingest`,
      INGEST_METRICS_PORT: '0',
      API_PORT: String(port),
      API_LOG_LEVEL: 'warn',
      LOG_LEVEL: 'warn',
    };
    await runCli(['migrate'], env);
    const created = await runCli(['apikey', 'create', '--name', 'e2e', '--scopes', 'ingest,read'], env);
    const secret = /secret:\s+(\S+)/.exec(created)?.[1];
    expect(secret).toBeTruthy();

    for (const command of ['ingest', 'api']) {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, command], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    }
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the API', async () => (await fetch(`${base}/healthz`)).ok);

    const cloudTrail = {
      eventVersion: '1.08',
      eventTime: '2026-11-27T10:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      sourceIPAddress: '203.0.113.7',
      userAgent: 'aws-cli/2.15',
      eventID: 'e2e-ct-1',
      userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAE2ETESTKEY000001', userName: 'svc-e2e' },
    };
    const canonical = {
      schema_version: 1,
      event_id: 'e2e-gen-1',
      source: 'generic',
      source_event_type: 'api.call',
      kind: 'token.used',
      occurred_at: '2026-11-27T10:00:01.250Z',
      token_id: 'e2e-generic-token',
      ip: '2001:db8::7',
      outcome: 'success',
    };
    const body = [JSON.stringify(cloudTrail), '{"this is": not json', JSON.stringify(canonical)].join('\n');
    const response = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(207);
    const result = (await response.json()) as {
      accepted: number;
      events: number;
      rejected: { index: number; reason: string }[];
    };
    expect(result.accepted).toBe(2);
    expect(result.events).toBe(2);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.index).toBe(1);
    expect(result.rejected[0]!.reason).toMatch(/JSON/);

    const db = await openClickHouse({ url: clickhouseUrl, database });
    try {
      await waitFor('the events in ClickHouse', async () => {
        const rows = await db.query<{ event_id: string }>(
          sql`SELECT event_id FROM events FINAL WHERE event_id IN ('e2e-gen-1', 'e2e-ct-1') OR token_id = 'AKIAE2ETESTKEY000001'`,
        );
        return rows.length === 2;
      });
      await waitFor('the dead letter', async () => {
        const rows = await db.query<{ raw: string }>(sql`SELECT raw FROM dead_letters FINAL`);
        return rows.some((r) => r.raw === '{"this is": not json');
      });
      const stored = await db.query<{ token_id: string; ip: string; occurred_at_ms: string }>(
        sql`SELECT token_id, ip, occurred_at_ms FROM events FINAL WHERE token_id IN ('AKIAE2ETESTKEY000001', 'e2e-generic-token') ORDER BY token_id`,
      );
      expect(stored.map((r) => ({ ...r, occurred_at_ms: Number(r.occurred_at_ms) }))).toEqual([
        { token_id: 'AKIAE2ETESTKEY000001', ip: '203.0.113.7', occurred_at_ms: Date.parse('2026-11-27T10:00:00Z') },
        { token_id: 'e2e-generic-token', ip: '2001:db8::7', occurred_at_ms: Date.parse('2026-11-27T10:00:01.250Z') },
      ]);
    } finally {
      await db.close();
    }
  });
});
