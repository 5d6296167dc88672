import { normaliseIp, type TokenEvent } from '@tokenwatch/schema';
import type { EventStore } from '@tokenwatch/store';

/** The token id under which an API key's own use is recorded (the product audits its own tokens). */
export const apiKeyTokenId = (keyId: string) => `tokenwatch-api-key:${keyId}`;

export interface KeyUse {
  requestId: string;
  keyId: string;
  keyName?: string;
  owner?: string;
  scopes?: readonly string[];
  ip: string;
  userAgent?: string;
  method: string;
  /** The route pattern ("/v1/alerts/:alert_id"), never the raw URL. */
  route: string;
  /** Unknown key and bad secret are auth failures; a missing scope is a use that failed. */
  outcome: 'success' | 'failure';
  reason?: string;
  authFailed: boolean;
  at: number;
}

export function keyUseEvent(use: KeyUse): TokenEvent {
  const ip = normaliseIp(use.ip);
  const event: TokenEvent = {
    schema_version: 1,
    event_id: `tokenwatch_api:${use.requestId}`,
    source: 'generic',
    source_event_type: 'tokenwatch.api_request',
    kind: use.authFailed ? 'token.auth_failed' : 'token.used',
    occurred_at: use.at,
    received_at: use.at,
    token_id: apiKeyTokenId(use.keyId),
    request: { method: use.method.slice(0, 16), path: use.route.slice(0, 4096) },
    outcome: use.outcome,
    raw: JSON.stringify({ key_id: use.keyId, method: use.method, route: use.route, reason: use.reason }),
  };
  if (use.keyName) event.token_name = use.keyName.slice(0, 512);
  if (use.owner) event.owner_id = use.owner.slice(0, 512);
  if (use.scopes && use.scopes.length > 0) event.scopes = [...use.scopes];
  if (ip) event.ip = ip;
  if (use.userAgent) event.user_agent = use.userAgent.slice(0, 2048);
  if (use.reason) event.outcome_reason = use.reason;
  return event;
}

export interface KeyUseRecorder {
  record(use: KeyUse): void;
  /** Writes what is buffered; called on an interval and on close. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Buffers key-use events and writes them in batches, off the request path. A failing store keeps the events
 * (up to `maxBuffered`, then the oldest are dropped and counted) and retries on the next flush.
 */
export function createKeyUseRecorder(
  sink: Pick<EventStore, 'appendEvents'>,
  options: { flushIntervalMs?: number; maxBuffered?: number; onError?: (error: unknown) => void } = {},
): KeyUseRecorder & { dropped: () => number } {
  const maxBuffered = options.maxBuffered ?? 10_000;
  let buffer: TokenEvent[] = [];
  let dropped = 0;
  let flushing: Promise<void> | undefined;
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  timer.unref();

  async function write(): Promise<void> {
    const batch = buffer;
    buffer = [];
    try {
      await sink.appendEvents(batch);
    } catch (error) {
      buffer = [...batch, ...buffer];
      options.onError?.(error);
    }
  }

  /** Flushes run one after another, so a flush always covers everything recorded before it was called. */
  function flush(): Promise<void> {
    const next = (flushing ?? Promise.resolve()).then(() => (buffer.length > 0 ? write() : undefined));
    flushing = next;
    void next.finally(() => {
      if (flushing === next) flushing = undefined;
    });
    return next;
  }

  return {
    record(use) {
      buffer.push(keyUseEvent(use));
      if (buffer.length > maxBuffered) {
        dropped += buffer.length - maxBuffered;
        buffer = buffer.slice(buffer.length - maxBuffered);
      }
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    dropped: () => dropped,
  };
}
