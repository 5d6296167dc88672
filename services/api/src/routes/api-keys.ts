import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { API_KEY_SCOPES } from '@tokenwatch/store';
import { generateApiKey, publicView } from '../api-keys';
import { actorOf, type KeyCache } from '../auth';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { ApiKeyOut, AUTH_ERRORS, errors } from '../schemas';

const KeyPath = z.object({ key_id: z.string().regex(/^[0-9a-f]{16}$/, 'a key id is 16 hex digits') });

/** Key management (scope admin). The secret is returned once, by create, and is never retrievable again. */
export const apiKeyRoutes =
  (deps: AppDeps, keys: KeyCache): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    const admin = { config: { scope: 'admin' as const } };
    app.get(
      '/api-keys',
      {
        ...admin,
        schema: {
          summary: 'List API keys (never their secrets)',
          tags: ['api keys'],
          security: [{ apiKey: [] }],
          response: { 200: z.object({ items: z.array(ApiKeyOut), next_cursor: z.null() }), ...errors(...AUTH_ERRORS) },
        },
      },
      async () => ({ items: (await deps.apiKeys.list()).map(publicView), next_cursor: null }),
    );
    app.post(
      '/api-keys',
      {
        ...admin,
        schema: {
          summary: 'Create an API key; the response holds its secret, shown this once',
          tags: ['api keys'],
          security: [{ apiKey: [] }],
          body: z.strictObject({
            name: z.string().trim().min(1).max(200),
            scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(4),
          }),
          response: { 201: ApiKeyOut.extend({ secret: z.string() }), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request, reply) => {
        const created = generateApiKey({
          name: request.body.name,
          scopes: request.body.scopes,
          createdBy: actorOf(request),
          now: deps.now(),
        });
        await deps.apiKeys.put(created.record);
        return reply.status(201).send({ ...publicView(created.record), secret: created.secret });
      },
    );
    app.delete(
      '/api-keys/:key_id',
      {
        ...admin,
        schema: {
          summary: 'Revoke an API key (effective immediately)',
          tags: ['api keys'],
          security: [{ apiKey: [] }],
          params: KeyPath,
          response: { 200: ApiKeyOut, ...errors(...AUTH_ERRORS, 404, 409) },
        },
      },
      async (request) => {
        const record = await deps.apiKeys.get(request.params.key_id);
        if (!record) throw notFound('API key');
        if (record.revoked_at !== undefined) throw new ApiError(409, 'conflict', 'API key is already revoked');
        const revoked = { ...record, revoked_at: deps.now(), revoked_by: actorOf(request) };
        await deps.apiKeys.put(revoked);
        keys.forget(record.key_id);
        return publicView(revoked);
      },
    );
    done();
  };
