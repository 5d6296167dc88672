import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  DELIVERY_STATES,
  DETECTOR_IDS,
  DeliveryAttempt,
  OutboxEntry,
  SEVERITIES,
  SOURCES,
  WEBHOOK_FORMATS,
  WebhookSubscription,
} from '@tokenwatch/schema';
import { ApiError, notFound } from '../errors';
import { IdParam, LimitParam } from '../params';
import type { ReportingDeps } from '../reporting';
import { AUTH_ERRORS, errors } from '../schemas';

/** A subscription as the API shows it: never its secret. */
const SubscriptionOut = WebhookSubscription.omit({ secret: true }).meta({ id: 'WebhookSubscription' });
const DeliveryOut = OutboxEntry.omit({ body: true }).meta({ id: 'Delivery' });
const AttemptOut = DeliveryAttempt.meta({ id: 'DeliveryAttempt' });
const Filters = z.strictObject({
  severities: z.array(z.enum(SEVERITIES)).max(4).optional(),
  detectors: z.array(z.enum(DETECTOR_IDS)).max(DETECTOR_IDS.length).optional(),
  sources: z.array(z.enum(SOURCES)).max(SOURCES.length).optional(),
});
const Editable = {
  name: z.string().trim().min(1).max(256),
  url: WebhookSubscription.shape.url,
  secret: WebhookSubscription.shape.secret.meta({ description: 'HMAC key; generated (and returned once) if omitted' }),
  format: z.enum(WEBHOOK_FORMATS),
  filters: Filters,
  pagerduty_routing_key: z.string().min(1).max(64),
  enabled: z.boolean(),
};
const CreateBody = z.strictObject({
  ...Editable,
  secret: Editable.secret.optional(),
  filters: Filters.default({}),
  pagerduty_routing_key: Editable.pagerduty_routing_key.optional(),
  enabled: z.boolean().default(true),
});
const PatchBody = z
  .strictObject({
    name: Editable.name.optional(),
    url: Editable.url.optional(),
    secret: Editable.secret.optional(),
    format: Editable.format.optional(),
    filters: Filters.optional(),
    pagerduty_routing_key: Editable.pagerduty_routing_key.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
const SubscriptionPath = z.object({ subscription_id: IdParam(200) });
const DeliveryPath = z.object({ delivery_id: IdParam(200) });

const pdKeyRequired = (s: WebhookSubscription) => {
  if (s.format === 'pagerduty' && !s.pagerduty_routing_key)
    throw new ApiError(400, 'validation_failed', 'body.pagerduty_routing_key: required for format pagerduty', [
      { field: 'body.pagerduty_routing_key', reason: 'required for format pagerduty' },
    ]);
};
const publicView = ({ secret: _secret, ...rest }: WebhookSubscription) => rest;

/** Webhook subscriptions, "send test", the delivery log and dead deliveries. Reading needs `read`, changing `admin`. */
export const webhookRoutes =
  (deps: ReportingDeps, now: () => number): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    const read = { config: { scope: 'read' as const } };
    const admin = { config: { scope: 'admin' as const } };
    const hooks = { tags: ['webhooks'], security: [{ apiKey: [] }] };
    const mustGet = async (id: string) => {
      const sub = await deps.subscriptions.getSubscription(id);
      if (!sub) throw notFound(`webhook ${id}`);
      return sub;
    };

    app.get(
      '/webhooks',
      {
        ...read,
        schema: {
          ...hooks,
          summary: 'List webhook subscriptions (never their secrets)',
          response: { 200: z.object({ items: z.array(SubscriptionOut) }), ...errors(...AUTH_ERRORS) },
        },
      },
      async () => ({ items: (await deps.subscriptions.listSubscriptions()).map(publicView) }),
    );

    app.post(
      '/webhooks',
      {
        ...admin,
        schema: {
          ...hooks,
          summary: 'Create a webhook subscription; the response holds its secret, shown this once',
          body: CreateBody,
          response: { 201: SubscriptionOut.extend({ secret: z.string() }), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request, reply) => {
        const at = now();
        const sub: WebhookSubscription = {
          ...request.body,
          subscription_id: 'whk_' + randomBytes(9).toString('base64url'),
          secret: request.body.secret ?? 'whsec_' + randomBytes(24).toString('base64url'),
          created_at: at,
          updated_at: at,
        };
        pdKeyRequired(sub);
        await deps.subscriptions.putSubscription(WebhookSubscription.parse(sub));
        return reply.status(201).send({ ...publicView(sub), secret: sub.secret });
      },
    );

    app.get(
      '/webhooks/:subscription_id',
      {
        ...read,
        schema: {
          ...hooks,
          summary: 'One webhook subscription',
          params: SubscriptionPath,
          response: { 200: SubscriptionOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => publicView(await mustGet(request.params.subscription_id)),
    );

    app.patch(
      '/webhooks/:subscription_id',
      {
        ...admin,
        schema: {
          ...hooks,
          summary: 'Change a webhook subscription (URL, secret, format, filters, enabled)',
          params: SubscriptionPath,
          body: PatchBody,
          response: { 200: SubscriptionOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const current = await mustGet(request.params.subscription_id);
        const { pagerduty_routing_key, ...changes } = request.body;
        const next: WebhookSubscription = { ...current, ...changes, updated_at: now() };
        if (pagerduty_routing_key === null) delete next.pagerduty_routing_key;
        else if (pagerduty_routing_key !== undefined) next.pagerduty_routing_key = pagerduty_routing_key;
        pdKeyRequired(next);
        await deps.subscriptions.putSubscription(next);
        return publicView(next);
      },
    );

    app.delete(
      '/webhooks/:subscription_id',
      {
        ...admin,
        schema: {
          ...hooks,
          summary: 'Delete a webhook subscription (its pending deliveries become dead)',
          params: SubscriptionPath,
          response: { 204: z.null(), ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request, reply) => {
        if (!(await deps.subscriptions.deleteSubscription(request.params.subscription_id, now())))
          throw notFound(`webhook ${request.params.subscription_id}`);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/webhooks/:subscription_id/test',
      {
        ...admin,
        schema: {
          ...hooks,
          summary: 'Send a signed test delivery now and report how the receiver answered',
          params: SubscriptionPath,
          response: { 200: AttemptOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => deps.dispatcher.sendTest(await mustGet(request.params.subscription_id)),
    );

    app.get(
      '/deliveries',
      {
        ...read,
        schema: {
          ...hooks,
          summary: 'Deliveries in the outbox, newest first (state=dead for the ones that gave up)',
          querystring: z.strictObject({
            state: z.enum(DELIVERY_STATES).optional(),
            subscription_id: IdParam(200).optional(),
            limit: LimitParam(100, 1000),
          }),
          response: { 200: z.object({ items: z.array(DeliveryOut) }), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request) => {
        const q = request.query;
        const items = await deps.outbox.list({
          limit: q.limit,
          ...(q.state ? { state: q.state } : {}),
          ...(q.subscription_id ? { subscriptionId: q.subscription_id } : {}),
        });
        return { items: items.map(({ body: _body, ...rest }) => rest) };
      },
    );

    app.get(
      '/deliveries/:delivery_id',
      {
        ...read,
        schema: {
          ...hooks,
          summary: 'One delivery with its body and every attempt (status, latency, response code)',
          params: DeliveryPath,
          response: {
            200: OutboxEntry.extend({ attempts_log: z.array(AttemptOut) }),
            ...errors(...AUTH_ERRORS, 404),
          },
        },
      },
      async (request) => {
        const entry = await deps.outbox.get(request.params.delivery_id);
        if (!entry) throw notFound(`delivery ${request.params.delivery_id}`);
        const attempts_log = await deps.outbox.listAttempts({ deliveryId: entry.delivery_id, limit: 1000 });
        return { ...entry, attempts_log };
      },
    );

    app.post(
      '/deliveries/:delivery_id/retry',
      {
        ...admin,
        schema: {
          ...hooks,
          summary: 'Queue a dead delivery again with a fresh attempt budget',
          params: DeliveryPath,
          response: {
            202: z.object({ delivery_id: z.string(), state: z.literal('pending') }),
            ...errors(...AUTH_ERRORS, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const id = request.params.delivery_id;
        if (!(await deps.outbox.get(id))) throw notFound(`delivery ${id}`);
        if (!(await deps.dispatcher.retryDead(id))) throw new ApiError(409, 'conflict', `delivery ${id} is not dead`);
        return reply.status(202).send({ delivery_id: id, state: 'pending' as const });
      },
    );
    done();
  };
