import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { DETECTOR_IDS, EpochMs, type Suppression } from '@tokenwatch/schema';
import { actorOf } from '../auth';
import { decodeCursor, encodeCursor } from '../cursor';
import type { AppDeps } from '../deps';
import { badField, notFound } from '../errors';
import { CursorParam, IdParam, LimitParam, Page } from '../params';
import { AUTH_ERRORS, SuppressionOut, errors } from '../schemas';

const Cursor = z.strictObject({
  created_at: z.number().int().min(0).max(7258118400000),
  suppression_id: z.string().min(1).max(200),
});
/** Position of `s` in the store's (created_at, suppression_id) order, relative to a cursor. */
const isAfter = (s: Suppression, c: z.infer<typeof Cursor>) =>
  s.created_at > c.created_at || (s.created_at === c.created_at && s.suppression_id > c.suppression_id);
const Path = z.object({ suppression_id: IdParam(200) });

/** "203.0.113.0/24", "2001:db8::/32" or a single address. */
const Cidr = z
  .string()
  .max(64)
  .refine((text) => {
    const [addr, bits, ...rest] = text.split('/');
    const version = isIP(addr ?? '');
    if (version === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    if (!/^\d{1,3}$/.test(bits)) return false;
    return Number(bits) <= (version === 4 ? 32 : 128);
  }, 'expected an IP address or CIDR such as 203.0.113.0/24');

const Matchers = {
  token_id: z.string().min(1).max(512).optional(),
  detector: z.enum(DETECTOR_IDS).optional(),
  cidr: Cidr.optional(),
  user_agent: z.string().min(1).max(2048).optional(),
};
const CreateBody = z.strictObject({
  ...Matchers,
  reason: z.string().trim().min(1).max(2048),
  expires_at: EpochMs.optional().meta({ description: 'epoch ms; omit for no expiry' }),
});
const PatchBody = z
  .strictObject({
    reason: z.string().trim().min(1).max(2048).optional(),
    expires_at: EpochMs.nullable().optional().meta({ description: 'epoch ms, or null for no expiry' }),
  })
  .refine((b) => b.reason !== undefined || b.expires_at !== undefined, 'give reason and/or expires_at');

export const suppressionRoutes =
  (deps: AppDeps): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    const read = { config: { scope: 'read' as const } };
    const triage = { config: { scope: 'triage' as const } };
    const common = { tags: ['suppressions'], security: [{ apiKey: [] }] };

    app.get(
      '/suppressions',
      {
        ...read,
        schema: {
          ...common,
          summary: 'List suppressions (active ones unless include_expired=true)',
          querystring: z.strictObject({
            include_expired: z.enum(['true', 'false']).default('false'),
            limit: LimitParam(50, 500),
            cursor: CursorParam,
          }),
          response: { 200: Page(SuppressionOut), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request) => {
        const q = request.query;
        const after = decodeCursor(Cursor, q.cursor);
        // Suppressions are few (hundreds): the store lists them all and the page is cut here.
        const all = await deps.suppressions.listSuppressions(
          q.include_expired === 'true' ? {} : { activeAt: deps.now() },
        );
        const rest = after ? all.filter((s) => isAfter(s, after)) : all;
        const items = rest.slice(0, q.limit);
        const last = items[items.length - 1];
        const next =
          rest.length > q.limit && last
            ? { created_at: last.created_at, suppression_id: last.suppression_id }
            : undefined;
        return { items, next_cursor: encodeCursor(next) };
      },
    );

    app.post(
      '/suppressions',
      {
        ...triage,
        schema: {
          ...common,
          summary: 'Create a suppression; every matcher given must match, at least one is required',
          body: CreateBody,
          response: { 201: SuppressionOut, ...errors(...AUTH_ERRORS) },
        },
      },
      async (request, reply) => {
        const b = request.body;
        if (!(b.token_id ?? b.detector ?? b.cidr ?? b.user_agent)) {
          throw badField('body', 'give at least one of token_id, detector, cidr, user_agent');
        }
        const now = deps.now();
        if (b.expires_at !== undefined && b.expires_at <= now) throw badField('body.expires_at', 'is in the past');
        const suppression: Suppression = {
          suppression_id: randomUUID(),
          reason: b.reason,
          author: actorOf(request),
          created_at: now,
          ...(b.token_id !== undefined ? { token_id: b.token_id } : {}),
          ...(b.detector !== undefined ? { detector: b.detector } : {}),
          ...(b.cidr !== undefined ? { cidr: b.cidr } : {}),
          ...(b.user_agent !== undefined ? { user_agent: b.user_agent } : {}),
          ...(b.expires_at !== undefined ? { expires_at: b.expires_at } : {}),
        };
        await deps.suppressions.putSuppression(suppression);
        return reply.status(201).send(suppression);
      },
    );

    app.get(
      '/suppressions/:suppression_id',
      {
        ...read,
        schema: {
          ...common,
          summary: 'One suppression',
          params: Path,
          response: { 200: SuppressionOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const found = await deps.suppressions.getSuppression(request.params.suppression_id);
        if (!found) throw notFound('suppression');
        return found;
      },
    );

    app.patch(
      '/suppressions/:suppression_id',
      {
        ...triage,
        schema: {
          ...common,
          summary: 'Change the reason or expiry of a suppression',
          params: Path,
          body: PatchBody,
          response: { 200: SuppressionOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const found = await deps.suppressions.getSuppression(request.params.suppression_id);
        if (!found) throw notFound('suppression');
        const next: Suppression = { ...found };
        if (request.body.reason !== undefined) next.reason = request.body.reason;
        if (request.body.expires_at === null) delete next.expires_at;
        else if (request.body.expires_at !== undefined) next.expires_at = request.body.expires_at;
        await deps.suppressions.putSuppression(next);
        return next;
      },
    );

    app.delete(
      '/suppressions/:suppression_id',
      {
        ...triage,
        schema: {
          ...common,
          summary: 'Delete a suppression',
          params: Path,
          response: { 204: z.null(), ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request, reply) => {
        const found = await deps.suppressions.getSuppression(request.params.suppression_id);
        if (!found) throw notFound('suppression');
        await deps.suppressions.deleteSuppression(found.suppression_id);
        return reply.status(204).send(null);
      },
    );
    done();
  };
