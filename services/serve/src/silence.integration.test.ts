import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectorSettings } from '@tokenwatch/detectors';
import { startServe, type RunningServe } from './index';
import { testServeOptions } from './test-support';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2);
let clock = T0 + 7 * DAY;
const settings = detectorSettings();

/** A week of daily seasonality (120 uses in the 09:00 hour, 5 in the others), then nothing. */
function busyWeek(): object[] {
  const out: object[] = [];
  for (let d = 0; d < 7; d++)
    for (let h = 0; h < 24; h++) {
      const n = h === 9 ? 120 : 5;
      for (let i = 0; i < n; i++)
        out.push({
          kind: 'token.used',
          source: 'tableau_cloud',
          token_id: 'tok-quiet',
          ip: '198.51.100.7',
          occurred_at: T0 + d * DAY + h * HOUR + Math.floor((i * HOUR) / n),
          outcome: 'success',
        });
    }
  return out;
}

describe('embedded analyzer (serve on DuckDB): silence tick', () => {
  let dir: string;
  let serve: RunningServe;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tw-silence-'));
    serve = await startServe({
      ...testServeOptions(dir),
      settings,
      policyIntervalMs: 0,
      ipSprayIntervalMs: 0,
      silenceCheckMs: 0,
      now: () => clock,
    });
  });
  afterAll(async () => {
    await serve.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a token that stops at its busiest hour gets a volume drop without sending another event', async () => {
    const response = await fetch(`${serve.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.bootstrapKey!}`, 'content-type': 'application/x-ndjson' },
      body: busyWeek()
        .map((e) => JSON.stringify(e))
        .join('\n'),
    });
    expect(response.status).toBe(200);
    const drops = async () =>
      (await serve.stores.alerts.listAlerts({ limit: 100 })).filter((a) => a.detector === 'volume_drop');
    const peak = T0 + 7 * DAY + 9 * HOUR;
    clock = peak + HOUR + settings.allowedLatenessMs - 1;
    await serve.silenceChecks.runNow();
    expect(await drops()).toEqual([]);
    clock = peak + HOUR + settings.allowedLatenessMs;
    await serve.silenceChecks.runNow();
    const raised = await drops();
    expect(raised.map((a) => [a.token_id, a.first_seen_at, a.count])).toEqual([['tok-quiet', peak + HOUR, 1]]);
    // The same closed hour is not judged twice.
    await serve.silenceChecks.runNow();
    expect((await drops()).map((a) => a.count)).toEqual([1]);
  });
});
