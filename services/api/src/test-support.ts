/**
 * Shared by the API's tests: seed data, in-memory stand-ins for ports whose real adapters are not the subject
 * of a test, and a helper that builds an app with an admin key. Not part of the public index.
 */
import type { RecordIntake } from '@tokenwatch/intake';
import type { Alert, AlertAuditEntry, Suppression, TokenEvent } from '@tokenwatch/schema';
import type { ApiKeyRecord, ApiKeyScope, ApiKeyStore } from '@tokenwatch/store';
import { generateApiKey } from './api-keys';
import type { AlertTriageStore, SuppressionRegistry } from './deps';

export const DAY = 86_400_000;
/** The tests' "now". */
export const T0 = Date.UTC(2026, 10, 15, 12, 0, 0);

export function memoryApiKeys(): ApiKeyStore & { all: Map<string, ApiKeyRecord> } {
  const all = new Map<string, ApiKeyRecord>();
  return {
    all,
    put: (k) => {
      all.set(k.key_id, { ...k });
      return Promise.resolve();
    },
    get: (id) => Promise.resolve(all.get(id)),
    list: () => Promise.resolve([...all.values()]),
    ping: () => Promise.resolve(true),
  };
}

export function memoryAlerts(): AlertTriageStore & { alerts: Map<string, Alert>; audit: AlertAuditEntry[] } {
  const alerts = new Map<string, Alert>();
  const audit: AlertAuditEntry[] = [];
  return {
    alerts,
    audit,
    putAlerts: (list) => Promise.resolve(list.forEach((a) => alerts.set(a.alert_id, a))),
    getAlerts: (ids) => Promise.resolve(ids.flatMap((id) => (alerts.has(id) ? [alerts.get(id)!] : []))),
    appendAudit: (entries) => {
      audit.push(...entries);
      return Promise.resolve();
    },
    readAudit: (id) => Promise.resolve(audit.filter((e) => e.alert_id === id)),
  };
}

export function memorySuppressions(): SuppressionRegistry & { items: Map<string, Suppression> } {
  const items = new Map<string, Suppression>();
  return {
    items,
    putSuppression: (s) => {
      items.set(s.suppression_id, s);
      return Promise.resolve();
    },
    deleteSuppression: (id) => {
      items.delete(id);
      return Promise.resolve();
    },
    getSuppression: (id) => Promise.resolve(items.get(id)),
    listSuppressions: ({ activeAt }) =>
      Promise.resolve(
        [...items.values()]
          .filter((s) => activeAt === undefined || s.expires_at === undefined || s.expires_at > activeAt)
          .sort((a, b) => a.created_at - b.created_at || (a.suppression_id < b.suppression_id ? -1 : 1)),
      ),
  };
}

/** Accepts every record that is a JSON object with a string `token_id`; rejects the rest with a reason. */
export function fakeIntake(): RecordIntake & { received: string[] } {
  const received: string[] = [];
  return {
    received,
    accept(records) {
      const rejected: { index: number; reason: string; field_path: string }[] = [];
      records.forEach((r, index) => {
        const text = typeof r.bytes === 'string' ? r.bytes : Buffer.from(r.bytes).toString('utf8');
        try {
          const value = JSON.parse(text) as { token_id?: unknown };
          if (typeof value.token_id !== 'string')
            rejected.push({ index, reason: 'token id is required', field_path: 'token_id' });
          else received.push(text);
        } catch {
          rejected.push({ index, reason: 'not JSON', field_path: '' });
        }
      });
      return Promise.resolve({
        accepted: records.length - rejected.length,
        events: records.length - rejected.length,
        rejected,
      });
    },
  };
}

/** Creates a key directly in a store and returns the Authorization header that presents it. */
export async function keyHeader(store: ApiKeyStore, scopes: ApiKeyScope[], name = scopes.join('+')) {
  const key = generateApiKey({ name, scopes, createdBy: 'test', now: T0 - DAY });
  await store.put(key.record);
  return { authorization: `Bearer ${key.secret}`, keyId: key.record.key_id };
}

export function event(i: number, over: Partial<TokenEvent> = {}): TokenEvent {
  return {
    schema_version: 1,
    event_id: `ev-${i}`,
    source: 'tableau_cloud',
    source_event_type: 'login_authentication',
    kind: 'token.used',
    occurred_at: T0 - 3 * DAY + i * 60_000,
    received_at: T0 - 3 * DAY + i * 60_000 + 500,
    token_id: 'tok-05',
    outcome: 'success',
    raw: JSON.stringify({ i }),
    ...over,
  };
}

export function alert(i: number, over: Partial<Alert> = {}): Alert {
  return {
    alert_id: `al-${String(i).padStart(2, '0')}`,
    detector: (['new_ip', 'volume_spike', 'concurrent_use'] as const)[i % 3]!,
    severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4]!,
    status: 'open',
    token_id: `tok-0${i % 4}`,
    ip: `203.0.113.${i}`,
    title: `alert ${i}`,
    explanation: `token used from 203.0.113.${i} for the first time`,
    evidence: { event_ids: [`ev-${i}`], values: { ip: `203.0.113.${i}` } },
    first_seen_at: T0 - 10 * DAY + i * 3_600_000,
    last_seen_at: T0 - 5 * DAY + i * 3_600_000,
    count: 1 + (i % 3),
    created_at: T0 - 10 * DAY,
    updated_at: T0 - 10 * DAY,
    ...over,
  };
}
