/** Exponential backoff with jitter. Every field is a setting in the README's webhooks table. */
export interface RetryPolicy {
  /** Delay before the second attempt. */
  baseDelayMs: number;
  /** No delay grows beyond this. */
  maxDelayMs: number;
  /** After this many failed attempts the delivery is dead (kept, visible in the API, never retried). */
  maxAttempts: number;
}

/** 30 attempts from 5 s doubling to a 15 min cap: about 6.5 hours of retries before a delivery is dead. */
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 900_000, maxAttempts: 30 };

/**
 * Delay after the `attempt`-th failure: base·2^(attempt-1), capped, then "equal jitter" — uniformly in
 * [d/2, d] — so receivers coming back up are not hit by every sender at the same instant. `random` is injected.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
