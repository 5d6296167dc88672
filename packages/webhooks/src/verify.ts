// This file is the verification code printed in packages/webhooks/README.md (a test keeps the two identical).
// It imports only node:crypto so a receiver can copy it as it is.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Checks a `Tokenwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` header against the raw request body.
 * The signed text is `<t>.<raw body>`. A request whose timestamp is more than `toleranceSeconds` away from now is
 * rejected, so a captured request cannot be replayed later; also de-duplicate by the `Idempotency-Key` header.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Buffer,
  options: { toleranceSeconds?: number; nowSeconds?: number } = {},
): VerifyResult {
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  let timestamp = NaN;
  const signatures: Buffer[] = [];
  for (const part of (header ?? '').split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')) signatures.push(Buffer.from(value!, 'hex'));
  }
  if (!Number.isFinite(timestamp)) return { ok: false, reason: 'no timestamp in the signature header' };
  if (signatures.length === 0) return { ok: false, reason: 'no v1 signature in the signature header' };
  if (Math.abs(now - timestamp) > tolerance) return { ok: false, reason: 'timestamp outside the replay window' };
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  // Several v1 values appear while a secret is being rotated; any one matching is enough.
  if (!signatures.some((s) => timingSafeEqual(s, expected))) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, timestamp };
}
