import { z } from 'zod';
import { EpochMs } from './token-event';

export const REPORT_FORMAT_NAMES = ['json', 'csv', 'html', 'pdf'] as const;

/**
 * A compliance report built on a cron schedule in a time zone, covering the `lookback_days` before each firing,
 * and delivered to a webhook subscription or written into a folder.
 */
export const ReportSchedule = z.strictObject({
  schedule_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'letters, digits, _ . : - only'),
  name: z.string().min(1).max(256),
  /** Five- or six-field cron expression (minute hour day-of-month month day-of-week, optional seconds first). */
  cron: z.string().min(1).max(256),
  /** IANA time zone the cron expression is read in, e.g. Europe/Berlin. */
  timezone: z.string().min(1).max(64),
  format: z.enum(REPORT_FORMAT_NAMES),
  lookback_days: z.number().int().min(1).max(366),
  destination: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('webhook'), subscription_id: z.string().min(1).max(200) }),
    z.strictObject({ kind: z.literal('folder'), path: z.string().min(1).max(4096) }),
  ]),
  enabled: z.boolean(),
  created_at: EpochMs,
  updated_at: EpochMs,
  /** The last instant the schedule fired (its nominal time, not when the run finished). */
  last_fired_at: EpochMs.optional(),
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;
