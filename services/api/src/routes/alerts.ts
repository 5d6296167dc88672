import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { ALERT_STATUSES, DETECTOR_IDS, SEVERITIES, type Alert } from '@tokenwatch/schema';
import { enqueueTriageChange } from '@tokenwatch/notify';
import { applyTriage, suggestSuppressions, type TriageAction } from '@tokenwatch/triage';
import { actorOf } from '../auth';
import { decodeCursor, encodeCursor } from '../cursor';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { CursorParam, EnumListParam, IdParam, LimitParam, Page, TimeParam } from '../params';
import { AlertOut, AuditEntryOut, AUTH_ERRORS, errors } from '../schemas';

const AlertCursor = z.strictObject({
  last_seen_at: z.number().int().min(0).max(7258118400000),
  alert_id: z.string().min(1).max(200),
});
const AlertPath = z.object({ alert_id: IdParam(200) });
const Note = z.string().trim().min(1).max(8192);
const AlertDetail = z.object({ alert: AlertOut, audit: z.array(AuditEntryOut) }).meta({ id: 'AlertDetail' });

const SuggestionOut = z
  .object({
    token_id: z.string(),
    cidr: z.string(),
    detectors: z.array(z.enum(DETECTOR_IDS)),
    false_positives: z.number(),
    would_have_prevented: z.number(),
    occurrences: z.number(),
    alert_ids: z.array(z.string()),
    reason: z.string(),
  })
  .meta({ id: 'SuggestedSuppression' });

/** Alerts considered for suggestions: the most recent ones, bounded so one request stays cheap. */
const SUGGESTION_SCAN_LIMIT = 5000;

export const alertRoutes =
  (deps: AppDeps): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    const read = { config: { scope: 'read' as const } };
    const triage = { config: { scope: 'triage' as const } };

    app.get(
      '/alerts',
      {
        ...read,
        schema: {
          summary: 'List alerts, most recently seen first',
          tags: ['alerts'],
          security: [{ apiKey: [] }],
          querystring: z.strictObject({
            status: EnumListParam(ALERT_STATUSES).optional(),
            severity: EnumListParam(SEVERITIES).optional(),
            detector: EnumListParam(DETECTOR_IDS).optional(),
            token_id: IdParam(512).optional(),
            from: TimeParam.optional().meta({ description: 'last seen at or after' }),
            to: TimeParam.optional().meta({ description: 'last seen before' }),
            limit: LimitParam(50, 500),
            cursor: CursorParam,
          }),
          response: { 200: Page(AlertOut), ...errors(...AUTH_ERRORS) },
        },
      },
      async (request) => {
        const q = request.query;
        const after = decodeCursor(AlertCursor, q.cursor);
        const page = await deps.readModel.listAlerts({
          limit: q.limit,
          ...(q.status ? { status: q.status } : {}),
          ...(q.severity ? { severity: q.severity } : {}),
          ...(q.detector ? { detector: q.detector } : {}),
          ...(q.token_id !== undefined ? { tokenId: q.token_id } : {}),
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(after ? { after } : {}),
        });
        return { items: page.items, next_cursor: encodeCursor(page.next) };
      },
    );

    app.get(
      '/alerts/suggested-suppressions',
      {
        ...read,
        schema: {
          summary: 'Suppressions suggested by repeated false positives for one token and network',
          tags: ['alerts'],
          security: [{ apiKey: [] }],
          querystring: z.strictObject({
            min_false_positives: z.coerce.number().int().min(2).max(1000).default(2),
          }),
          response: {
            200: z.object({ items: z.array(SuggestionOut), next_cursor: z.null() }),
            ...errors(...AUTH_ERRORS),
          },
        },
      },
      async (request) => {
        const closed = await deps.readModel.listAlerts({ status: ['false_positive'], limit: SUGGESTION_SCAN_LIMIT });
        const tokens = [...new Set(closed.items.map((a) => a.token_id))];
        // Every alert of those tokens, whatever its status, to count what a suppression would have prevented.
        const related: Alert[] = [];
        for (const tokenId of tokens.slice(0, 200)) {
          related.push(...(await deps.readModel.listAlerts({ tokenId, limit: SUGGESTION_SCAN_LIMIT })).items);
        }
        return { items: suggestSuppressions(related, request.query.min_false_positives), next_cursor: null };
      },
    );

    app.get(
      '/alerts/:alert_id',
      {
        ...read,
        schema: {
          summary: 'One alert with its evidence and audit trail',
          tags: ['alerts'],
          security: [{ apiKey: [] }],
          params: AlertPath,
          response: { 200: AlertDetail, ...errors(...AUTH_ERRORS, 404) },
        },
      },
      async (request) => {
        const [alert] = await deps.alerts.getAlerts([request.params.alert_id]);
        if (!alert) throw notFound('alert');
        return { alert, audit: await deps.alerts.readAudit(alert.alert_id) };
      },
    );

    const change = (
      path: string,
      summary: string,
      body: z.ZodType,
      toAction: (body: never) => TriageAction,
      status: 200 | 201 = 200,
    ) =>
      app.post(
        `/alerts/:alert_id/${path}`,
        {
          ...triage,
          schema: {
            summary,
            tags: ['alerts'],
            security: [{ apiKey: [] }],
            params: AlertPath,
            body,
            response: { [status]: AlertDetail, ...errors(...AUTH_ERRORS, 404, 409) },
          },
        },
        async (request, reply) => {
          const [alert] = await deps.alerts.getAlerts([request.params.alert_id]);
          if (!alert) throw notFound('alert');
          // updated_at must grow for the store's latest-write-wins, even if the clock did not move.
          const now = Math.max(deps.now(), alert.updated_at + 1);
          const outcome = applyTriage(alert, toAction(request.body as never), actorOf(request), now);
          if (!outcome.ok) throw new ApiError(409, 'invalid_transition', outcome.reason);
          // The webhook delivery is durable before the change is stored (as the analyzer publishes before it
          // stores): a failure in between may notify of a change a retry makes again, but never loses one.
          if (deps.reporting) await enqueueTriageChange(deps.reporting.dispatcher, outcome.alert, outcome.entry);
          await deps.alerts.putAlerts([outcome.alert]);
          await deps.alerts.appendAudit([outcome.entry]);
          // Re-read: an analyzer repeat written in the same instant would win, and the caller should see it.
          const [stored] = await deps.alerts.getAlerts([alert.alert_id]);
          return reply
            .status(status)
            .send({ alert: stored ?? outcome.alert, audit: await deps.alerts.readAudit(alert.alert_id) });
        },
      );

    // A body is optional here: a bare POST is as good as `{}`.
    const OptionalNote = z.strictObject({ note: Note.optional() }).nullish();
    type NoteBody = { note?: string } | null | undefined;
    const withNote = (kind: 'acknowledge' | 'resolve' | 'false_positive' | 'reopen') => (b: NoteBody) =>
      ({ kind, ...(b?.note !== undefined ? { note: b.note } : {}) }) as TriageAction;
    change('acknowledge', 'Acknowledge an open alert', OptionalNote, withNote('acknowledge'));
    change('resolve', 'Resolve an alert', OptionalNote, withNote('resolve'));
    change('false-positive', 'Close an alert as a false positive', OptionalNote, withNote('false_positive'));
    change('reopen', 'Reopen an alert', OptionalNote, withNote('reopen'));
    change(
      'assign',
      'Assign (or with null, unassign) an alert',
      z.strictObject({ assignee: z.string().trim().min(1).max(256).nullable(), note: Note.optional() }),
      (b: { assignee: string | null; note?: string }) => ({
        kind: 'assign',
        assignee: b.assignee,
        ...(b.note !== undefined ? { note: b.note } : {}),
      }),
    );
    change(
      'comments',
      'Comment on an alert',
      z.strictObject({ note: Note }),
      (b: { note: string }) => ({ kind: 'comment', note: b.note }),
      201,
    );
    done();
  };
