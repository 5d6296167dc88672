import { z } from 'zod';
import { EpochMs } from './token-event';

/**
 * A record that did not validate. Never dropped: the original bytes, where they came from, and exactly why.
 * `dead_letter_id` is derived from the origin so that redelivery of the same record yields the same id.
 */
export const DeadLetter = z.strictObject({
  dead_letter_id: z.string().min(1).max(200),
  received_at: EpochMs,
  /** Where it came from: "kafka:auth-events/3@1234", "http:<request id>#12", "file:/path/x.json:17". */
  origin: z.string().max(2048),
  /** The source it was read as (or "unknown" when detection failed). */
  source: z.string().max(64),
  reason: z.string().min(1).max(2048),
  /** Dotted path of the offending field ("userIdentity.accessKeyId"), "" when the whole record is at fault. */
  field_path: z.string().max(1024),
  /** The original bytes: UTF-8 text, or base64 when they were not valid UTF-8. */
  raw: z.string(),
  raw_encoding: z.enum(['utf8', 'base64']),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
