import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { Gauge } from 'prom-client';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installAuth, createKeyCache, createFailureBudget } from './auth';
import { DEFAULT_OPTIONS, type AppDeps, type AppOptions } from './deps';
import { ApiError, installErrorHandling, type ErrorBody } from './errors';
import { createKeyUseRecorder } from './key-use';
import { installMetrics } from './metrics';
import { webUi } from '@tokenwatch/web-ui';
import { alertRoutes } from './routes/alerts';
import { apiKeyRoutes } from './routes/api-keys';
import { docsRoutes } from './routes/docs';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { reportRoutes } from './routes/reports';
import { reportScheduleRoutes } from './routes/report-schedules';
import { suppressionRoutes } from './routes/suppressions';
import { tokenRoutes } from './routes/tokens';
import { webhookRoutes } from './routes/webhooks';

export type App = FastifyInstance;
export interface RouteEntry {
  method: string;
  url: string;
  scope: string | undefined;
}
declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
    /** Writes buffered key-use events now (they are otherwise written every `keyUseFlushMs` and on close). */
    flushKeyUse(): Promise<void>;
  }
}
export const API_VERSION = '0.1.0';

/**
 * The whole HTTP API as a fastify instance, not listening: `app.inject` in tests, `app.listen` in `tokenwatch
 * api`. Everything it reads or writes comes in through `deps` (ports), so the same app runs over ClickHouse,
 * DuckDB or fakes.
 */
export async function buildApp(deps: AppDeps, options: Partial<AppOptions> = {}): Promise<App> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const app = Fastify({
    logger:
      opts.logLevel === false
        ? false
        : {
            level: opts.logLevel,
            // Belt and braces: the default serializers log no headers, but a key must never reach a log.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
          },
    bodyLimit: 64 * 1024,
    // Query strings such as ?status=a&status=b become arrays; our schemas accept one value (comma lists).
    routerOptions: { maxParamLength: 1024, ignoreTrailingSlash: true },
    requestIdHeader: false,
    // Router-level errors (a path parameter too long, a URL that is not valid percent-encoding) are answered
    // before any route or error handler runs; give them the one error format too.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      void reply.status(400).send({
        error: { code: 'validation_failed', message: error.message.slice(0, 200), request_id: request.id },
      } satisfies ErrorBody);
    },
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  // Every route with its scope, for the OpenAPI completeness check and the fuzz test.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, scope: route.config?.scope });
    }
  });
  app.decorate('routeTable', routeTable);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  const recorder = createKeyUseRecorder(deps.keyUse, {
    flushIntervalMs: opts.keyUseFlushMs,
    onError: (error) => app.log.warn({ err: error }, 'recording API key use failed; will retry'),
  });
  app.addHook('onClose', () => recorder.close());
  app.decorate('flushKeyUse', () => recorder.flush());

  await app.register(helmet, {
    // The only HTML page is /docs, which loads nothing from elsewhere.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"] } },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'tokenwatch API',
        version: API_VERSION,
        description: 'Token usage audit: tokens, alerts and their triage, suppressions, reports, event intake.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'twk_<key id>_<secret>' } },
      },
    },
    transform: jsonSchemaTransform,
    // Registers the schemas named with .meta({ id }) as components, so their $refs resolve.
    transformObject: jsonSchemaTransformObject,
  });

  const keys = createKeyCache(deps.apiKeys, opts.keyCacheTtlMs, deps.now);
  installAuth(app, keys, recorder, createFailureBudget(opts.rateLimitPerMinute, deps.now), deps.now);
  await app.register(rateLimit, {
    max: opts.rateLimitPerMinute,
    timeWindow: 60_000,
    // After authentication, so the budget is the key's, not whoever claims its id.
    hook: 'preHandler',
    keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.key_id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        429,
        'rate_limited',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      ),
  });

  const metrics = installMetrics(app, (registry) => {
    new Gauge({
      name: 'tokenwatch_api_key_use_dropped_total',
      help: 'API key use events dropped because the event store was unavailable for too long',
      registers: [registry],
      collect() {
        this.set(recorder.dropped());
      },
    });
  });

  await app.register(healthRoutes(deps, metrics));
  await app.register(docsRoutes);
  await app.register(tokenRoutes(deps), { prefix: '/v1' });
  await app.register(alertRoutes(deps), { prefix: '/v1' });
  await app.register(suppressionRoutes(deps), { prefix: '/v1' });
  await app.register(reportRoutes(deps), { prefix: '/v1' });
  await app.register(apiKeyRoutes(deps, keys), { prefix: '/v1' });
  if (deps.intake) await app.register(eventRoutes(deps.intake, opts.ingestBodyLimitBytes), { prefix: '/v1' });
  if (deps.reporting) {
    await app.register(webhookRoutes(deps.reporting, deps.now), { prefix: '/v1' });
    await app.register(reportScheduleRoutes(deps.reporting, deps.now), { prefix: '/v1' });
  }
  // The built-in web UI: HTML rendered from this same API's answers, outside the OpenAPI document.
  await app.register(webUi, { prefix: '/ui', apiPrefix: '/v1', now: deps.now });
  return app;
}

export type { ErrorBody };
