import { z } from 'zod';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Every threshold of every detector, with its default. The README "Detector settings" table documents each one;
 * the analyzer reads overrides from a JSON file (DETECTOR_SETTINGS_FILE), replay from --settings.
 */
export const DetectorSettings = z.strictObject({
  /** How long a network / ASN / country / user agent stays "known" after it was last seen. */
  historyWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * DAY),
  /** After a token is first observed, new-network findings are only learned, not alerted, for this long. */
  learningPeriodMs: z
    .number()
    .int()
    .nonnegative()
    .default(7 * DAY),
  /** Events older than the token's newest event minus this are dropped as too late (and counted). */
  allowedLatenessMs: z.number().int().nonnegative().default(HOUR),

  /** new_ip compares `ip` (exact address), `prefix` (/24 and /64 by default) or `asn`. */
  newIpGranularity: z.enum(['ip', 'prefix', 'asn']).default('prefix'),
  ipv4Prefix: z.number().int().min(8).max(32).default(24),
  ipv6Prefix: z.number().int().min(16).max(128).default(64),

  /** Volume: hourly buckets; baseline = same hour of day on previous days (daily seasonality). */
  volumeBaselineDays: z.number().int().min(1).max(28).default(14),
  /** Days of observed history needed before volume findings are raised. */
  volumeMinHistoryDays: z.number().int().min(1).default(3),
  /** A spike needs at least this many events in the hour… */
  spikeMinCount: z.number().int().positive().default(30),
  /** …and at least this multiple of the expected count… */
  spikeRatio: z.number().positive().default(3),
  /** …and to exceed expected + z·√expected (Poisson-like noise), so large tokens need a real excess. */
  spikeZ: z.number().positive().default(4),
  /** A drop is only judged where the hour was expected to have at least this many events… */
  dropMinExpected: z.number().positive().default(30),
  /** …and it saw at most this fraction of them. */
  dropRatio: z.number().min(0).max(1).default(0.1),

  /** auth_failure_burst: failures within the window for one token, and for one IP on one token. */
  failureBurstWindowMs: z
    .number()
    .int()
    .positive()
    .default(5 * MINUTE),
  failureBurstPerToken: z.number().int().min(2).default(10),
  failureBurstPerIp: z.number().int().min(2).default(5),
  /**
   * auth_failure_burst across tokens (one IP guessing many tokens' secrets), judged by the analyzer's periodic
   * scan of stored failures, so it sees every partition: at least this many failures from one IP on at least
   * `ipSprayMinTokens` distinct tokens within `ipSprayWindowMs`.
   */
  ipSprayWindowMs: z
    .number()
    .int()
    .positive()
    .default(10 * MINUTE),
  ipSprayMinFailures: z.number().int().min(2).default(10),
  ipSprayMinTokens: z.number().int().min(2).default(3),

  /** concurrent_use: IP switches (A→B→A counts 2) among successful uses within the window. */
  concurrentWindowMs: z
    .number()
    .int()
    .positive()
    .default(10 * MINUTE),
  concurrentMinSwitches: z.number().int().min(2).default(2),

  /** impossible_travel: consecutive uses farther apart than this… */
  travelMinDistanceKm: z.number().positive().default(500),
  /** …needing a speed above this (a long-haul airliner does ~900 km/h). */
  travelMaxSpeedKmh: z.number().positive().default(1000),
  /** Cloud / VPN / CDN networks where location means nothing; uses from them are not judged. */
  travelExcludedAsns: z
    .array(z.number().int().nonnegative())
    .default([
      16509, 14618, 8987, 15169, 396982, 19527, 8075, 8068, 13335, 209242, 14061, 20473, 63949, 16276, 24940, 31898,
      9009, 60068, 212238, 136787, 62240,
    ]),
  travelExcludedCidrs: z.array(z.string()).default([]),

  /** dormant_reuse: a use after at least this long without one. */
  dormantAfterMs: z
    .number()
    .int()
    .positive()
    .default(30 * DAY),
});
export type DetectorSettings = z.infer<typeof DetectorSettings>;

/** Defaults, optionally overridden. Throws a ZodError naming the field on a bad override. */
export function detectorSettings(overrides: unknown = {}): DetectorSettings {
  return DetectorSettings.parse(overrides);
}

export const TIME = { MINUTE, HOUR, DAY } as const;
