import { z } from 'zod';
import { Alert, AlertAuditEntry, EpochMs, Token } from '@tokenwatch/schema';

/** The data a report is built from, as a file (`tokenwatch report compliance --input FILE`). */
export const ComplianceData = z.strictObject({
  tokens: z.array(Token),
  alerts: z.array(Alert).default([]),
  audit: z.array(AlertAuditEntry).default([]),
  removed_owners: z.array(z.strictObject({ owner_id: z.string().min(1), removed_at: EpochMs })).default([]),
});
export type ComplianceData = z.infer<typeof ComplianceData>;
