import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps';
import { badField } from '../errors';
import { LimitParam, TimeParam } from '../params';
import { AUTH_ERRORS, errors } from '../schemas';

const DAY_MS = 86_400_000;
const MAX_RANGE_MS = 400 * DAY_MS;
const Count = z.number();

const UsageReportOut = z
  .object({
    from: Count,
    to: Count,
    events: Count,
    top_tokens: z.array(z.object({ token_id: z.string(), events: Count, failures: Count, distinct_ips: Count })),
    top_ips: z.array(z.object({ ip: z.string(), events: Count, failures: Count, tokens: Count })),
    failures: z.object({
      total: Count,
      by_reason: z.array(z.object({ reason: z.string(), events: Count })),
      per_day: z.array(z.object({ day: Count, events: Count })),
    }),
    new_networks_per_day: z.array(z.object({ day: Count, networks: Count })),
  })
  .meta({ id: 'UsageReport' });

export const reportRoutes =
  (deps: AppDeps): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    app.get(
      '/reports/usage',
      {
        config: { scope: 'read' },
        schema: {
          summary: 'Usage report: top tokens, top IPs, failures, new networks per day',
          tags: ['reports'],
          security: [{ apiKey: [] }],
          querystring: z.strictObject({
            from: TimeParam.optional().meta({ description: 'default: `to` minus 7 days' }),
            to: TimeParam.optional().meta({ description: 'default: now' }),
            limit: LimitParam(10, 100).meta({ description: 'length of each top list, 1…100' }),
          }),
          response: { 200: UsageReportOut, ...errors(...AUTH_ERRORS) },
        },
      },
      async (request) => {
        const q = request.query;
        const to = q.to ?? deps.now();
        const from = q.from ?? to - 7 * DAY_MS;
        if (from >= to) throw badField('query.from', 'must be before to');
        if (to - from > MAX_RANGE_MS) throw badField('query.from', 'range longer than 400 days');
        return deps.readModel.usageReport({ from, to, limit: q.limit });
      },
    );
    done();
  };
