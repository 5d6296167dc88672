import { z } from 'zod';
import { SOURCES, type Source } from '@tokenwatch/schema';

const DAY_MS = 86_400_000;

/**
 * The token policy. The compliance report and the analyzer's scheduled policy checks read the same settings
 * (README: REPORT_* variables), so an alert and the report never disagree about a token.
 */
export interface PolicySettings {
  /** A token older than this must be rotated. */
  maxAgeDays: number;
  /** An active token expiring within this many days is listed. */
  expiringSoonDays: number;
  /**
   * The platform's idle expiry per source: a token unused this long should already be dead. Tableau Cloud says
   * 15 days, Tableau Server 14 (DOMAIN.md: the two disagree). Sources without an entry have no idle rule.
   */
  idleExpiryDays: Partial<Record<Source, number>>;
  /** How long a token may stay active (or be revoked late) after its owner was removed. */
  ownerRemovalGraceHours: number;
}

export const DEFAULT_POLICY: PolicySettings = {
  maxAgeDays: 90,
  expiringSoonDays: 14,
  idleExpiryDays: { tableau_cloud: 15, tableau_server: 14 },
  ownerRemovalGraceHours: 24,
};

export function resolvePolicy(overrides: Partial<PolicySettings> = {}): PolicySettings {
  return {
    ...DEFAULT_POLICY,
    ...overrides,
    idleExpiryDays: { ...DEFAULT_POLICY.idleExpiryDays, ...overrides.idleExpiryDays },
  };
}

export const days = (n: number): number => n * DAY_MS;
export const toDays = (ms: number): number => Math.floor(ms / DAY_MS);

const daysSetting = (fallback: number) => z.coerce.number().int().min(0).max(3650).default(fallback);

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

/** The policy as environment variables (loadEnv from @tokenwatch/config); see the README. */
export const PolicyEnv = z.object({
  REPORT_MAX_AGE_DAYS: daysSetting(DEFAULT_POLICY.maxAgeDays),
  REPORT_EXPIRING_SOON_DAYS: daysSetting(DEFAULT_POLICY.expiringSoonDays),
  REPORT_IDLE_EXPIRY_DAYS: IdleExpiry,
  REPORT_OWNER_REMOVAL_GRACE_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(87_600)
    .default(DEFAULT_POLICY.ownerRemovalGraceHours),
});

export function policyFromEnv(env: z.infer<typeof PolicyEnv>): PolicySettings {
  return {
    maxAgeDays: env.REPORT_MAX_AGE_DAYS,
    expiringSoonDays: env.REPORT_EXPIRING_SOON_DAYS,
    idleExpiryDays: env.REPORT_IDLE_EXPIRY_DAYS,
    ownerRemovalGraceHours: env.REPORT_OWNER_REMOVAL_GRACE_HOURS,
  };
}
