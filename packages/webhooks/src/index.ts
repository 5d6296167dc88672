export { verifySignature, type VerifyResult } from './verify';
export { signatureHeader, deliveryKey, SIGNATURE_HEADER, IDEMPOTENCY_HEADER, EVENT_HEADER } from './sign';
export { alertPayload, matchesSubscription, ALERT_EVENTS, type AlertEvent, type PayloadContext } from './payload';
export { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry';
export { fetchPost, type HttpPost, type HttpRequest, type HttpResponse } from './http';
export { WebhookDispatcher, type DispatcherOptions, type RoundSummary } from './dispatcher';
export { MemoryWebhookStore, MemoryOutboxStore } from './memory';
export { TestReceiver, type Received } from './testing/receiver';
export { WebhookEnv, dispatcherSettings } from './settings';
