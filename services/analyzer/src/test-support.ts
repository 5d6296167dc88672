/** Shared by the analyzer's integration tests: one scenario and the helpers to wait for and compare runs. */
import type { Kafka } from 'kafkajs';
import { DAY, HOUR, MIN, T0, byTime, spread, tokenEvent } from '@tokenwatch/detectors';
import type { Alert, TokenEvent } from '@tokenwatch/schema';

/** Four tokens with eight quiet days, then an incident each; the incidents straddle the kill. */
export function scenario(): TokenEvent[] {
  const events: TokenEvent[] = [];
  const tokens = ['tok-a', 'tok-b', 'tok-c', 'tok-d'];
  tokens.forEach((token_id, i) => {
    events.push(...spread(8 * 24, T0, 8 * DAY, { token_id, ip: `198.51.100.${10 + i}`, user_agent: 'tabcmd/2024.1' }));
  });
  const t = T0 + 8 * DAY;
  const ev = (spec: Partial<TokenEvent> & { at: number }) => tokenEvent(spec);
  events.push(ev({ token_id: 'tok-a', at: t + HOUR, ip: '203.0.113.7', user_agent: 'python-requests/2.31' }));
  events.push(
    ...spread(14, t + HOUR, 4 * MIN, {
      token_id: 'tok-b',
      ip: '192.0.2.66',
      kind: 'token.auth_failed',
      outcome: 'failure',
    }),
  );
  events.push(ev({ token_id: 'tok-d', at: t + 90 * MIN, kind: 'token.revoked' }));
  for (let k = 0; k < 6; k++)
    events.push(ev({ token_id: 'tok-d', at: t + 2 * HOUR + k * 20 * MIN, ip: '198.51.100.13' }));
  for (const [k, ip] of ['198.51.100.12', '192.0.2.20', '198.51.100.12', '192.0.2.20', '198.51.100.12'].entries()) {
    events.push(ev({ token_id: 'tok-c', at: t + 3 * HOUR + k * 2 * MIN, ip }));
  }
  events.push(ev({ token_id: 'tok-a', at: t + 4 * HOUR, ip: '203.0.113.8' }));
  return byTime(events);
}

/** What must be equal between runs (created_at / updated_at are wall-clock times and differ). */
export const essence = (a: Alert) =>
  [a.alert_id, a.detector, a.token_id, a.severity, a.status, a.count, a.first_seen_at, a.last_seen_at].join(' ');

export async function lag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const done = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((sum, p) => sum + Number(p.high) - Math.max(0, done.get(p.partition) ?? 0), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
