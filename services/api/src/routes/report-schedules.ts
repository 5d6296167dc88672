import { randomBytes } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  buildComplianceReport,
  CONTENT_TYPES,
  loadComplianceData,
  nextFireAfter,
  renderReport,
  REPORT_FORMATS,
  ScheduleError,
  sha256Hex,
  validateSchedule,
} from '@tokenwatch/reports';
import { ReportSchedule } from '@tokenwatch/schema';
import { badField, notFound } from '../errors';
import { IdParam, TimeParam } from '../params';
import type { ReportingDeps } from '../reporting';
import { AUTH_ERRORS, errors } from '../schemas';

const DAY_MS = 86_400_000;
const ScheduleOut = ReportSchedule.extend({ next_fire_at: z.number().nullable() }).meta({ id: 'ReportSchedule' });
const Editable = {
  name: z.string().trim().min(1).max(256),
  cron: ReportSchedule.shape.cron.meta({ description: 'cron expression, e.g. "0 6 * * 1" (Mondays 06:00)' }),
  timezone: ReportSchedule.shape.timezone.meta({ description: 'IANA time zone, e.g. Europe/Berlin' }),
  format: ReportSchedule.shape.format,
  lookback_days: ReportSchedule.shape.lookback_days,
  destination: ReportSchedule.shape.destination,
  enabled: z.boolean(),
};
const CreateBody = z.strictObject({ ...Editable, enabled: z.boolean().default(true) });
const PatchBody = z
  .strictObject(
    Object.fromEntries(Object.entries(Editable).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof Editable]: z.ZodOptional<(typeof Editable)[K]>;
    },
  )
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
const Path = z.object({ schedule_id: IdParam(200) });

/** Report schedules and the on-demand compliance report. Reading needs `read`, changing `admin`. */
export const reportScheduleRoutes =
  (deps: ReportingDeps, now: () => number): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    const read = { config: { scope: 'read' as const } };
    const admin = { config: { scope: 'admin' as const } };
    const tags = { tags: ['reports'], security: [{ apiKey: [] }] };
    const withNext = (s: ReportSchedule) => ({
      ...s,
      next_fire_at: s.enabled ? (nextFireAfter(s.cron, s.timezone, s.last_fired_at ?? now()) ?? null) : null,
    });
    const check = async (s: ReportSchedule) => {
      try {
        validateSchedule(s.cron, s.timezone);
      } catch (error) {
        if (error instanceof ScheduleError) throw badField(`body.${error.field}`, error.message);
        throw error;
      }
      if (
        s.destination.kind === 'webhook' &&
        !(await deps.subscriptions.getSubscription(s.destination.subscription_id))
      )
        throw badField('body.destination.subscription_id', 'no such webhook subscription');
      if (s.destination.kind === 'folder') {
        const inside = relative(deps.reportsRoot, resolve(deps.reportsRoot, s.destination.path));
        if (inside.startsWith('..') || isAbsolute(inside))
          throw badField('body.destination.path', `must be inside the reports directory ${deps.reportsRoot}`);
      }
    };
    const mustGet = async (id: string) => {
      const s = await deps.schedules.getSchedule(id);
      if (!s) throw notFound(`report schedule ${id}`);
      return s;
    };

    app.get(
      '/report-schedules',
      {
        ...read,
        schema: {
          ...tags,
          summary: 'List report schedules with their next firing',
          response: { 200: z.object({ items: z.array(ScheduleOut) }), ...errors(...AUTH_ERRORS) },
        },
      },
      async () => ({ items: (await deps.schedules.listSchedules()).map(withNext) }),
    );

    app.post(
      '/report-schedules',
      {
        ...admin,
        schema: {
          ...tags,
          summary: 'Create a report schedule (cron + IANA time zone, delivered to a webhook or a folder)',
          body: CreateBody,
          response: { 201: ScheduleOut, ...errors(...AUTH_ERRORS) },
        },
      },
      async (request, reply) => {
        const at = now();
        const schedule: ReportSchedule = {
          ...request.body,
          schedule_id: 'rsc_' + randomBytes(9).toString('base64url'),
          created_at: at,
          updated_at: at,
        };
        await check(schedule);
        await deps.schedules.putSchedule(schedule);
        return reply.status(201).send(withNext(schedule));
      },
    );

    app.get(
      '/report-schedules/:schedule_id',
      {
        ...read,
        schema: {
          ...tags,
          summary: 'One report schedule',
          params: Path,
          response: { 200: ScheduleOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => withNext(await mustGet(request.params.schedule_id)),
    );

    app.patch(
      '/report-schedules/:schedule_id',
      {
        ...admin,
        schema: {
          ...tags,
          summary: 'Change a report schedule',
          params: Path,
          body: PatchBody,
          response: { 200: ScheduleOut, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const next = {
          ...(await mustGet(request.params.schedule_id)),
          ...request.body,
          updated_at: now(),
        };
        await check(next);
        await deps.schedules.putSchedule(next);
        return withNext(next);
      },
    );

    app.delete(
      '/report-schedules/:schedule_id',
      {
        ...admin,
        schema: {
          ...tags,
          summary: 'Delete a report schedule',
          params: Path,
          response: { 204: z.null(), ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request, reply) => {
        if (!(await deps.schedules.deleteSchedule(request.params.schedule_id, now())))
          throw notFound(`report schedule ${request.params.schedule_id}`);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/reports/compliance',
      {
        ...read,
        schema: {
          ...tags,
          summary: 'Compliance report for a period as JSON, CSV, HTML or PDF (header X-Content-SHA256 = file digest)',
          querystring: z.strictObject({
            from: TimeParam.optional().meta({ description: 'default: `to` minus 30 days' }),
            to: TimeParam.optional().meta({ description: 'default: now' }),
            format: z.enum(REPORT_FORMATS).default('json'),
          }),
          response: { 200: z.any().meta({ description: 'the report file' }), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const to = q.to ?? now();
        const from = q.from ?? to - 30 * DAY_MS;
        if (from >= to) throw badField('query.from', 'must be before to');
        if (to - from > 400 * DAY_MS) throw badField('query.from', 'range longer than 400 days');
        const data = await loadComplianceData(deps.compliance, from);
        const report = buildComplianceReport({
          from,
          to,
          generatedAt: now(),
          tokens: data.tokens,
          alerts: data.alerts,
          audit: data.audit,
          removedOwners: data.removed_owners,
          policy: deps.policy,
        });
        const bytes = await renderReport(report, q.format);
        const name = `tokenwatch-compliance-${new Date(from).toISOString().slice(0, 10)}-${new Date(to).toISOString().slice(0, 10)}.${q.format}`;
        return reply
          .header('content-type', CONTENT_TYPES[q.format])
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('x-content-sha256', sha256Hex(bytes))
          .send(bytes);
      },
    );
    done();
  };
