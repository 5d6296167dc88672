import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so several apps in one process do not clash). */
export function installMetrics(app: FastifyInstance, extra: (registry: Registry) => void = () => {}) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'tokenwatch_api_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tokenwatch_api_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  extra(registry);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids in paths would explode label cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    duration.observe({ route }, reply.elapsedTime / 1000);
  });
  return registry;
}
