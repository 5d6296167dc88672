import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { AppDeps } from '../deps';

const Check = z.object({ ok: z.boolean(), checks: z.record(z.string(), z.boolean()) });

/** Liveness, readiness (each store answers) and Prometheus metrics; public and not rate-limited. */
export const healthRoutes =
  (deps: AppDeps, metrics: Registry): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    const unlimited = { rateLimit: false } as const;
    app.get(
      '/healthz',
      {
        config: unlimited,
        schema: { summary: 'The process is up', tags: ['ops'], response: { 200: z.object({ ok: z.literal(true) }) } },
      },
      () => Promise.resolve({ ok: true as const }),
    );
    app.get(
      '/readyz',
      {
        config: unlimited,
        schema: { summary: 'Every store answers', tags: ['ops'], response: { 200: Check, 503: Check } },
      },
      async (_request, reply) => {
        const probe = async (ping: () => Promise<boolean>) => {
          try {
            return await ping();
          } catch {
            return false;
          }
        };
        const [readModel, apiKeys] = await Promise.all([
          probe(() => deps.readModel.ping()),
          probe(() => deps.apiKeys.ping()),
        ]);
        const checks = { read_model: readModel, api_keys: apiKeys };
        const ok = Object.values(checks).every(Boolean);
        return reply.status(ok ? 200 : 503).send({ ok, checks });
      },
    );
    app.get(
      '/metrics',
      {
        config: unlimited,
        schema: {
          summary: 'Prometheus metrics',
          tags: ['ops'],
          produces: ['text/plain'],
          response: { 200: z.string() },
        },
      },
      async (_request, reply) => {
        reply.type(metrics.contentType);
        return metrics.metrics();
      },
    );
    done();
  };
