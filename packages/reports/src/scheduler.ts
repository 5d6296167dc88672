import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportSchedule } from '@tokenwatch/schema';
import type { ScheduleStore } from '@tokenwatch/store';
import type { ComplianceReport } from './compliance';
import { sha256Hex, sidecarLine } from './digest';
import { renderReport, type ReportFormat } from './render';
import { dueFiring, schedulePeriod } from './schedule';

export interface RenderedReport {
  fileName: string;
  format: ReportFormat;
  bytes: Buffer;
  sha256: string;
  period: { from: number; to: number };
}

export interface SchedulerDeps {
  schedules: ScheduleStore;
  now: () => number;
  /** Builds the report for a period (reads the stores; the builder itself is pure). */
  build: (period: { from: number; to: number; generatedAt: number }) => Promise<ComplianceReport>;
  /** Hands the rendered file to its destination; must be idempotent for the same schedule and firing. */
  deliver: (schedule: ReportSchedule, firedAt: number, report: RenderedReport) => Promise<void>;
  /**
   * Given: a schedule that fails (a folder that cannot be written, a store error) is reported here and the others
   * still run; it is tried again next round. Absent: the first failure rejects the whole run.
   */
  onError?: (scheduleId: string, error: unknown) => void;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[:.]/g, '-');

/**
 * Runs every schedule whose firing is due, then records it as fired. Delivery comes first, so a crash between
 * the two repeats the delivery (idempotent by file name / idempotency key) rather than losing it.
 */
export async function runDueSchedules(deps: SchedulerDeps): Promise<{ scheduleId: string; firedAt: number }[]> {
  const ran: { scheduleId: string; firedAt: number }[] = [];
  for (const schedule of await deps.schedules.listSchedules()) {
    try {
      const firedAt = await runOne(deps, schedule);
      if (firedAt !== undefined) ran.push({ scheduleId: schedule.schedule_id, firedAt });
    } catch (error) {
      if (!deps.onError) throw error;
      deps.onError(schedule.schedule_id, error);
    }
  }
  return ran;
}

async function runOne(deps: SchedulerDeps, schedule: ReportSchedule): Promise<number | undefined> {
  const firedAt = dueFiring(schedule, deps.now());
  if (firedAt === undefined) return undefined;
  const period = schedulePeriod(schedule, firedAt);
  const report = await deps.build({ ...period, generatedAt: deps.now() });
  const bytes = await renderReport(report, schedule.format);
  await deps.deliver(schedule, firedAt, {
    fileName: `tokenwatch-compliance-${schedule.schedule_id}-${stamp(firedAt)}.${schedule.format}`,
    format: schedule.format,
    bytes,
    sha256: sha256Hex(bytes),
    period,
  });
  await deps.schedules.putSchedule({ ...schedule, last_fired_at: firedAt, updated_at: deps.now() });
  return firedAt;
}

/** Writes the report and its `.sha256` sidecar into a folder (atomically: temp file, then rename). */
export async function writeReportFile(folder: string, report: RenderedReport): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, report.fileName);
  await writeFile(path + '.tmp', report.bytes);
  await rename(path + '.tmp', path);
  await writeFile(path + '.sha256', sidecarLine(report.sha256, report.fileName));
  return path;
}

/** The JSON document a webhook destination receives for a scheduled report. */
export function reportDeliveryBody(schedule: ReportSchedule, firedAt: number, report: RenderedReport): unknown {
  return {
    type: 'report.compliance',
    schedule_id: schedule.schedule_id,
    schedule_name: schedule.name,
    fired_at: new Date(firedAt).toISOString(),
    period: { from: new Date(report.period.from).toISOString(), to: new Date(report.period.to).toISOString() },
    format: report.format,
    file_name: report.fileName,
    sha256: report.sha256,
    content_base64: report.bytes.toString('base64'),
  };
}
