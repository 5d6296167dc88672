import type { Source } from '@tokenwatch/schema';

const DAY_MS = 86_400_000;

/** The token policy the report checks against. Every knob is in the README's reports settings table. */
export interface PolicySettings {
  /** A token older than this must be rotated. */
  maxAgeDays: number;
  /** An active token expiring within this many days of the period end is listed. */
  expiringSoonDays: number;
  /**
   * The platform's idle expiry per source: a token unused this long should already be dead. Tableau Cloud says
   * 15 days, Tableau Server 14 (DOMAIN.md: the two disagree). Sources without an entry have no idle rule.
   */
  idleExpiryDays: Partial<Record<Source, number>>;
  /** A token revoked later than this after its owner was removed still counts as a late revocation. */
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
