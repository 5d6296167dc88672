import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { SOURCES, TOKEN_STATUSES } from '@tokenwatch/schema';
import { USAGE_DIMENSIONS, USAGE_INTERVALS } from '@tokenwatch/store';
import { decodeCursor, encodeCursor } from '../cursor';
import type { AppDeps } from '../deps';
import { badField, notFound } from '../errors';
import { CursorParam, IdParam, LimitParam, Page, TimeParam } from '../params';
import { AUTH_ERRORS, TimelineEventOut, TokenOut, errors } from '../schemas';

const DAY_MS = 86_400_000;
const TokenCursor = z.strictObject({ token_id: z.string().min(1).max(512) });
const TimelineCursor = z.strictObject({
  occurred_at: z.number().int().min(0).max(7258118400000),
  event_id: z.string().min(1).max(200),
});
const TokenPath = z.object({ token_id: IdParam(512) });
/** Longest range a usage query may cover per interval, so one request cannot ask for millions of buckets. */
const MAX_RANGE_MS = { hour: 31 * DAY_MS, day: 400 * DAY_MS };

export const tokenRoutes =
  (deps: AppDeps): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    app.get(
      '/tokens',
      {
        config: { scope: 'read' },
        schema: {
          summary: 'List tokens',
          tags: ['tokens'],
          security: [{ apiKey: [] }],
          querystring: z.strictObject({
            status: z.enum(TOKEN_STATUSES).optional(),
            owner: z.string().min(1).max(512).optional().meta({ description: 'owner id or e-mail, exact' }),
            source: z.enum(SOURCES).optional(),
            stale_days: z.coerce
              .number()
              .int()
              .min(1)
              .max(3650)
              .optional()
              .meta({ description: 'only tokens not used for at least this many days (or never)' }),
            expiring_days: z.coerce
              .number()
              .int()
              .min(1)
              .max(3650)
              .optional()
              .meta({ description: 'only tokens expiring within this many days' }),
            limit: LimitParam(50, 500),
            cursor: CursorParam,
          }),
          response: { 200: Page(TokenOut), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request) => {
        const q = request.query;
        const after = decodeCursor(TokenCursor, q.cursor);
        const page = await deps.readModel.listTokens({
          now: deps.now(),
          limit: q.limit,
          ...(q.status ? { status: q.status } : {}),
          ...(q.owner !== undefined ? { owner: q.owner } : {}),
          ...(q.source ? { source: q.source } : {}),
          ...(q.stale_days !== undefined ? { staleForMs: q.stale_days * DAY_MS } : {}),
          ...(q.expiring_days !== undefined ? { expiringWithinMs: q.expiring_days * DAY_MS } : {}),
          ...(after ? { after } : {}),
        });
        return { items: page.items, next_cursor: encodeCursor(page.next) };
      },
    );

    app.get(
      '/tokens/:token_id',
      {
        config: { scope: 'read' },
        schema: {
          summary: 'One token',
          tags: ['tokens'],
          security: [{ apiKey: [] }],
          params: TokenPath,
          response: { 200: TokenOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const token = await deps.readModel.getToken(request.params.token_id);
        if (!token) throw notFound('token');
        return token;
      },
    );

    app.get(
      '/tokens/:token_id/timeline',
      {
        config: { scope: 'read' },
        schema: {
          summary: "A token's events, newest first",
          tags: ['tokens'],
          security: [{ apiKey: [] }],
          params: TokenPath,
          querystring: z.strictObject({
            from: TimeParam.optional(),
            to: TimeParam.optional(),
            limit: LimitParam(100, 1000),
            cursor: CursorParam,
          }),
          response: { 200: Page(TimelineEventOut), ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const { token_id } = request.params;
        const q = request.query;
        const after = decodeCursor(TimelineCursor, q.cursor);
        if (!(await deps.readModel.getToken(token_id))) throw notFound('token');
        const page = await deps.readModel.tokenTimeline(token_id, {
          limit: q.limit,
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(after ? { after } : {}),
        });
        return { items: page.items, next_cursor: encodeCursor(page.next) };
      },
    );

    app.get(
      '/tokens/:token_id/usage',
      {
        config: { scope: 'read' },
        schema: {
          summary: "A token's use over time by IP, ASN, country or user agent",
          description: 'The `limit` busiest keys of the dimension, each with its non-empty buckets.',
          tags: ['tokens'],
          security: [{ apiKey: [] }],
          params: TokenPath,
          querystring: z.strictObject({
            by: z.enum(USAGE_DIMENSIONS).default('ip'),
            interval: z.enum(USAGE_INTERVALS).default('hour'),
            from: TimeParam.optional().meta({ description: 'default: `to` minus 7 days' }),
            to: TimeParam.optional().meta({ description: 'default: now' }),
            limit: LimitParam(10, 100),
          }),
          response: {
            200: z.object({
              token_id: z.string(),
              by: z.enum(USAGE_DIMENSIONS),
              interval: z.enum(USAGE_INTERVALS),
              from: z.number(),
              to: z.number(),
              series: z.array(
                z.object({
                  key: z.string(),
                  events: z.number(),
                  failures: z.number(),
                  points: z.array(z.object({ start: z.number(), events: z.number(), failures: z.number() })),
                }),
              ),
            }),
            ...errors(...AUTH_ERRORS, 404),
          },
        },
      },
      async (request) => {
        const { token_id } = request.params;
        const q = request.query;
        const to = q.to ?? deps.now();
        const from = q.from ?? to - 7 * DAY_MS;
        if (from >= to) throw badField('query.from', 'must be before to');
        if (to - from > MAX_RANGE_MS[q.interval]) {
          throw badField(
            'query.from',
            `range too long for interval ${q.interval} (max ${MAX_RANGE_MS[q.interval] / DAY_MS} days)`,
          );
        }
        if (!(await deps.readModel.getToken(token_id))) throw notFound('token');
        const series = await deps.readModel.tokenUsage(token_id, {
          by: q.by,
          interval: q.interval,
          from,
          to,
          limit: q.limit,
        });
        return { token_id, by: q.by, interval: q.interval, from, to, series };
      },
    );
    done();
  };
