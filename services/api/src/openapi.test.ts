import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { ReadModel } from '@tokenwatch/store';
import { DEFAULT_POLICY, MemoryScheduleStore } from '@tokenwatch/reports';
import { MemoryOutboxStore, MemoryWebhookStore, WebhookDispatcher } from '@tokenwatch/webhooks';
import { buildApp } from './app';
import { T0, fakeIntake, memoryAlerts, memoryApiKeys, memorySuppressions } from './test-support';

const unused = new Proxy({} as ReadModel, {
  get: () => () => Promise.reject(new Error('the OpenAPI test reads no data')),
});

describe('OpenAPI document', () => {
  it('validates against the OpenAPI 3.0 schema and lists every route the app serves', async () => {
    const app = await buildApp(
      {
        readModel: unused,
        alerts: memoryAlerts(),
        suppressions: memorySuppressions(),
        apiKeys: memoryApiKeys(),
        keyUse: { appendEvents: async () => {} },
        intake: fakeIntake(),
        reporting: {
          subscriptions: new MemoryWebhookStore(),
          outbox: new MemoryOutboxStore(),
          dispatcher: new WebhookDispatcher({
            subscriptions: new MemoryWebhookStore(),
            outbox: new MemoryOutboxStore(),
            now: () => T0,
          }),
          schedules: new MemoryScheduleStore(),
          compliance: { tokens: unused as never, alerts: unused as never },
          policy: DEFAULT_POLICY,
          reportsRoot: '/tmp',
        },
        now: () => T0,
      },
      { logLevel: false },
    );
    await app.ready();
    const response = await app.inject('/docs/openapi.json');
    const doc = response.json<{ paths: Record<string, Record<string, unknown>> }>();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    // Every route (but the docs themselves) is in the document, with the same method and path.
    const routes = app.routeTable.filter((r) => !r.url.startsWith('/docs') && !r.url.startsWith('/ui'));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const route of routes) {
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      expect(doc.paths[path], `${route.method} ${path}`).toHaveProperty(route.method.toLowerCase());
    }
    // Every authenticated route declares its security in the document.
    for (const route of routes.filter((r) => r.scope)) {
      const op = doc.paths[route.url.replace(/:([a-z_]+)/g, '{$1}')]![route.method.toLowerCase()] as {
        security?: unknown[];
      };
      expect(op.security, `${route.method} ${route.url}`).toEqual([{ apiKey: [] }]);
    }
    await app.close();
  });
});
