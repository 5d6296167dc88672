import { createHash, createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Tokenwatch-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const EVENT_HEADER = 'Tokenwatch-Event';

/** `t=<unix seconds>,v1=<hex>` over `<t>.<body>`; one v1 per secret so a receiver can rotate without downtime. */
export function signatureHeader(secrets: readonly string[], body: string, nowSeconds: number): string {
  const parts = [`t=${nowSeconds}`];
  for (const secret of secrets)
    parts.push('v1=' + createHmac('sha256', secret).update(`${nowSeconds}.`).update(body).digest('hex'));
  return parts.join(',');
}

/**
 * The idempotency key of one delivery: the same (subscription, alert, event) always yields the same key, so an
 * alert raised again after an analyzer restart, or retried after a crash, is recognisable by the receiver.
 */
export function deliveryKey(subscriptionId: string, alertId: string, event: string): string {
  return 'dlv_' + createHash('sha256').update(`${subscriptionId}\0${alertId}\0${event}`).digest('hex').slice(0, 40);
}
