import { z } from 'zod';
import { Alert, AlertAuditEntry, EpochMs, SOURCES, Token, type Source } from '@tokenwatch/schema';
import type { PolicySettings } from './policy';
import { DEFAULT_POLICY } from './policy';

const days = (fallback: number) => z.coerce.number().int().min(0).max(3650).default(fallback);

/** "tableau_cloud=15,tableau_server=14" → per-source idle expiry in days. */
const IdleExpiry = z
  .string()
  .default('tableau_cloud=15,tableau_server=14')
  .transform((text, ctx) => {
    const out: Partial<Record<Source, number>> = {};
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [source, value] = part.split('=');
      if (!SOURCES.includes(source as Source) || !/^\d{1,4}$/.test(value ?? '')) {
        ctx.addIssue({ code: 'custom', message: `expected source=days pairs such as tableau_cloud=15, got "${part}"` });
        return z.NEVER;
      }
      out[source as Source] = Number(value);
    }
    return out;
  });

/** The report policy as environment variables (loadEnv from @tokenwatch/config); see the README. */
export const ReportPolicyEnv = z.object({
  REPORT_MAX_AGE_DAYS: days(DEFAULT_POLICY.maxAgeDays),
  REPORT_EXPIRING_SOON_DAYS: days(DEFAULT_POLICY.expiringSoonDays),
  REPORT_IDLE_EXPIRY_DAYS: IdleExpiry,
  REPORT_OWNER_REMOVAL_GRACE_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(87_600)
    .default(DEFAULT_POLICY.ownerRemovalGraceHours),
});

export function policyFromEnv(env: z.infer<typeof ReportPolicyEnv>): PolicySettings {
  return {
    maxAgeDays: env.REPORT_MAX_AGE_DAYS,
    expiringSoonDays: env.REPORT_EXPIRING_SOON_DAYS,
    idleExpiryDays: env.REPORT_IDLE_EXPIRY_DAYS,
    ownerRemovalGraceHours: env.REPORT_OWNER_REMOVAL_GRACE_HOURS,
  };
}

/** The data a report is built from, as a file (`tokenwatch report compliance --input FILE`). */
export const ComplianceData = z.strictObject({
  tokens: z.array(Token),
  alerts: z.array(Alert).default([]),
  audit: z.array(AlertAuditEntry).default([]),
  removed_owners: z.array(z.strictObject({ owner_id: z.string().min(1), removed_at: EpochMs })).default([]),
});
export type ComplianceData = z.infer<typeof ComplianceData>;
