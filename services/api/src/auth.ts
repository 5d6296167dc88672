import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyRecord, ApiKeyScope, ApiKeyStore } from '@tokenwatch/store';
import { hasScope, parseApiKey, secretMatches } from './api-keys';
import { ApiError } from './errors';
import type { KeyUseRecorder } from './key-use';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyRecord;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; routes without one are public (health, metrics, docs). */
    scope?: ApiKeyScope;
  }
}

/** Verified keys, remembered briefly so a busy client does not cost a store lookup per request. */
export function createKeyCache(store: ApiKeyStore, ttlMs: number, now: () => number) {
  const cache = new Map<string, { record: ApiKeyRecord | undefined; until: number }>();
  return {
    async get(keyId: string): Promise<ApiKeyRecord | undefined> {
      const hit = cache.get(keyId);
      if (hit && hit.until > now()) return hit.record;
      const record = await store.get(keyId);
      // Unknown ids are not cached: a flood of random ids must not grow the map.
      if (record) {
        if (cache.size > 10_000) cache.clear();
        cache.set(keyId, { record, until: now() + ttlMs });
      }
      return record;
    },
    forget(keyId: string) {
      cache.delete(keyId);
    },
  };
}
export type KeyCache = ReturnType<typeof createKeyCache>;

/**
 * Failed authentications per client address per minute. The request budget of @fastify/rate-limit is charged
 * after authentication (so it is the key's budget), which means a request that fails authentication never
 * reaches it: without this, anyone could guess key secrets as fast as the server answers.
 */
export function createFailureBudget(perMinute: number, now: () => number) {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (ip: string) => {
    const w = windows.get(ip);
    return w && now() - w.start < 60_000 ? w : undefined;
  };
  return {
    /** Seconds until the address may try again, or 0 when it still has budget. */
    retryAfter(ip: string): number {
      const w = current(ip);
      return w && w.failures >= perMinute ? Math.max(1, Math.ceil((w.start + 60_000 - now()) / 1000)) : 0;
    },
    fail(ip: string): void {
      const w = current(ip);
      if (w) w.failures++;
      else {
        // A flood from many addresses must not grow the map without bound.
        if (windows.size > 10_000) windows.clear();
        windows.set(ip, { start: now(), failures: 1 });
      }
    },
  };
}
export type FailureBudget = ReturnType<typeof createFailureBudget>;

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/**
 * Checks the API key of every request to a route that declares a scope, and records the use (or the failed
 * attempt) as a TokenEvent. The presented secret is never logged or stored.
 */
export function installAuth(
  app: FastifyInstance,
  keys: KeyCache,
  recorder: KeyUseRecorder,
  failures: FailureBudget,
  now: () => number,
) {
  app.addHook('onRequest', async (request, reply) => {
    const needed = request.routeOptions.config.scope;
    if (!needed) return;
    const wait = failures.retryAfter(request.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(429, 'rate_limited', `too many failed authentications from ${request.ip}; retry in ${wait} s`);
    }
    const unauthorized = (message: string) => {
      failures.fail(request.ip);
      return new ApiError(401, 'unauthorized', message);
    };
    const presented = presentedKey(request);
    if (presented === undefined) throw unauthorized('missing API key: send "Authorization: Bearer twk_…"');
    const parsed = parseApiKey(presented);
    if (!parsed) throw unauthorized('malformed API key');
    const record = await keys.get(parsed.keyId);
    const base = {
      requestId: request.id,
      keyId: parsed.keyId,
      ip: request.ip,
      method: request.method,
      route: request.routeOptions.url ?? '',
      at: now(),
      ...(typeof request.headers['user-agent'] === 'string' ? { userAgent: request.headers['user-agent'] } : {}),
    };
    const reason = !record
      ? 'unknown key'
      : !secretMatches(record, parsed.secretPart)
        ? 'wrong secret'
        : record.revoked_at !== undefined
          ? 'revoked key'
          : undefined;
    if (!record || reason) {
      recorder.record({ ...base, outcome: 'failure', reason: reason ?? 'unknown key', authFailed: true });
      throw unauthorized('invalid or revoked API key');
    }
    const described = { ...base, keyName: record.name, owner: record.created_by, scopes: record.scopes };
    if (!hasScope(record, needed)) {
      recorder.record({ ...described, outcome: 'failure', reason: `missing scope ${needed}`, authFailed: false });
      throw new ApiError(403, 'forbidden', `this API key lacks the "${needed}" scope`);
    }
    recorder.record({ ...described, outcome: 'success', authFailed: false });
    request.apiKey = record;
  });
}

/** Who is acting, for audit trails: the key's name and id. */
export function actorOf(request: FastifyRequest): string {
  const key = request.apiKey;
  return key ? `apikey:${key.key_id}(${key.name})`.slice(0, 256) : 'anonymous';
}
