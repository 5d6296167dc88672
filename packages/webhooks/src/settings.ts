import { z } from 'zod';
import { envDuration } from '@tokenwatch/config';
import type { DispatcherOptions } from './dispatcher';

/**
 * The dispatcher's knobs as environment variables (loadEnv from @tokenwatch/config), shared by every process
 * that sends webhooks or serves the webhook routes; documented in the README's webhooks settings table.
 */
export const WebhookEnv = z.object({
  WEBHOOK_RETRY_BASE: envDuration('5s'),
  WEBHOOK_RETRY_CAP: envDuration('15m'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(30),
  WEBHOOK_TIMEOUT: envDuration('10s'),
  WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  WEBHOOK_POLL_INTERVAL: envDuration('1s'),
  WEBHOOK_PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
});
export type WebhookEnv = z.infer<typeof WebhookEnv>;

/** The DispatcherOptions a WebhookEnv stands for (stores and clock come from the caller). */
export function dispatcherSettings(
  env: WebhookEnv,
): Pick<DispatcherOptions, 'retry' | 'timeoutMs' | 'batchSize' | 'publicUrl'> {
  return {
    retry: {
      baseDelayMs: env.WEBHOOK_RETRY_BASE,
      maxDelayMs: Math.max(env.WEBHOOK_RETRY_CAP, env.WEBHOOK_RETRY_BASE),
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    },
    timeoutMs: env.WEBHOOK_TIMEOUT,
    batchSize: env.WEBHOOK_BATCH_SIZE,
    ...(env.WEBHOOK_PUBLIC_URL ? { publicUrl: env.WEBHOOK_PUBLIC_URL } : {}),
  };
}
