import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportSchedule } from '@tokenwatch/schema';
import { describe, expect, it } from 'vitest';
import {
  buildComplianceReport,
  firingsBetween,
  MemoryScheduleStore,
  nextFireAfter,
  runDueSchedules,
  sampleComplianceInput,
  validateSchedule,
  verifyReport,
  writeReportFile,
  type RenderedReport,
} from './index';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

const schedule = (id: string, cron: string, timezone: string, createdAt: number): ReportSchedule => ({
  schedule_id: id,
  name: id,
  cron,
  timezone,
  format: 'csv',
  lookback_days: 7,
  destination: { kind: 'folder', path: '/unused' },
  enabled: true,
  created_at: createdAt,
  updated_at: createdAt,
});

/** Drives the real scheduler loop with an injected clock ticking every `stepMs`, recording what fired when. */
async function simulate(schedules: ReportSchedule[], from: number, until: number, stepMs = 5 * 60_000) {
  const store = new MemoryScheduleStore();
  for (const s of schedules) await store.putSchedule(s);
  let now = from;
  const fired: { id: string; firedAt: string; ranAt: string; period: [string, string] }[] = [];
  const tiny = sampleComplianceInput(at('2026-01-01T00:00:00Z'));
  while (now <= until) {
    await runDueSchedules({
      schedules: store,
      now: () => now,
      build: (p) => Promise.resolve(buildComplianceReport({ ...tiny, ...p })),
      deliver: (s, firedAt, r: RenderedReport) => {
        fired.push({
          id: s.schedule_id,
          firedAt: iso(firedAt),
          ranAt: iso(now),
          period: [iso(r.period.from), iso(r.period.to)],
        });
        return Promise.resolve();
      },
    });
    now += stepMs;
  }
  return fired;
}

describe('report schedules across daylight-saving changes (injected clock)', () => {
  it('Europe/Berlin 02:30 daily: the missing 02:30 fires right after the gap, the doubled one fires once', async () => {
    const spring = await simulate(
      [schedule('daily', '30 2 * * *', 'Europe/Berlin', at('2026-03-27T12:00:00Z'))],
      at('2026-03-27T12:00:00Z'),
      at('2026-03-30T12:00:00Z'),
    );
    expect(spring.map((f) => f.firedAt)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist; 03:00 CEST, the first instant after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
    const autumn = await simulate(
      [schedule('daily', '30 2 * * *', 'Europe/Berlin', at('2026-10-23T12:00:00Z'))],
      at('2026-10-23T12:00:00Z'),
      at('2026-10-26T12:00:00Z'),
    );
    expect(autumn.map((f) => f.firedAt)).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST happens, then 02:30 CET again: fired once
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('America/New_York Monday 09:00 stays 09:00 local when the offset changes', async () => {
    const fired = await simulate(
      [schedule('weekly', '0 9 * * 1', 'America/New_York', at('2026-10-20T00:00:00Z'))],
      at('2026-10-20T00:00:00Z'),
      at('2026-11-10T00:00:00Z'),
      30 * 60_000,
    );
    expect(fired.map((f) => f.firedAt)).toEqual([
      '2026-10-26T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-09T14:00:00.000Z',
    ]);
    expect(fired[1]!.period).toEqual(['2026-10-26T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('hourly fires every real hour through the repeated hour, and each firing runs on the first tick after it', async () => {
    const fired = await simulate(
      [schedule('hourly', '0 * * * *', 'Europe/Berlin', at('2026-10-24T22:30:00Z'))],
      at('2026-10-24T22:30:00Z'),
      at('2026-10-25T03:10:00Z'),
      60_000,
    );
    expect(fired.map((f) => f.firedAt)).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
    expect(fired.every((f) => f.ranAt === f.firedAt)).toBe(true);
  });

  it('firings missed while nothing ran collapse into one run of the latest', async () => {
    const store = new MemoryScheduleStore();
    await store.putSchedule(schedule('daily', '0 6 * * *', 'UTC', at('2026-05-01T00:00:00Z')));
    const fired: number[] = [];
    const run = (now: number) =>
      runDueSchedules({
        schedules: store,
        now: () => now,
        build: (p) => Promise.resolve(buildComplianceReport({ ...sampleComplianceInput(p.to), ...p })),
        deliver: (_s, firedAt) => {
          fired.push(firedAt);
          return Promise.resolve();
        },
      });
    await run(at('2026-05-04T07:00:00Z'));
    await run(at('2026-05-04T08:00:00Z'));
    expect(fired.map(iso)).toEqual(['2026-05-04T06:00:00.000Z']);
  });

  it('pure next-fire computation and validation', () => {
    expect(iso(nextFireAfter('0 0 1 * *', 'Asia/Kolkata', at('2026-01-15T00:00:00Z'))!)).toBe(
      '2026-01-31T18:30:00.000Z',
    );
    expect(firingsBetween('*/15 * * * *', 'UTC', at('2026-01-01T00:00:00Z'), at('2026-01-01T01:00:00Z'))).toHaveLength(
      4,
    );
    expect(() => validateSchedule('61 * * * *', 'UTC')).toThrow(/invalid cron/);
    expect(() => validateSchedule('0 * * * *', 'Mars/Olympus')).toThrow(/unknown IANA time zone/);
  });
});

describe('folder delivery', () => {
  it('writes the report and a sha256sum sidecar that verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-sched-'));
    try {
      const store = new MemoryScheduleStore();
      await store.putSchedule({
        ...schedule('to-folder', '0 6 * * *', 'UTC', at('2026-05-01T00:00:00Z')),
        format: 'pdf',
      });
      let path = '';
      await runDueSchedules({
        schedules: store,
        now: () => at('2026-05-02T06:01:00Z'),
        build: (p) => Promise.resolve(buildComplianceReport({ ...sampleComplianceInput(p.to), ...p })),
        deliver: async (_s, _f, r) => {
          path = await writeReportFile(dir, r);
        },
      });
      expect(path).toMatch(/tokenwatch-compliance-to-folder-2026-05-02T06-00-00-000Z\.pdf$/);
      const verdict = verifyReport(readFileSync(path), {
        sidecar: readFileSync(path + '.sha256', 'utf8'),
        fileName: path.split('/').pop(),
      });
      expect(verdict).toMatchObject({ ok: true });
      expect((await store.getSchedule('to-folder'))!.last_fired_at).toBe(at('2026-05-02T06:00:00Z'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
