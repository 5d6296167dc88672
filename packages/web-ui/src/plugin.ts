/**
 * The built-in web UI as a fastify plugin: `app.register(webUi, { prefix: '/ui' })`. Server-rendered HTML, one
 * stylesheet, no JavaScript, nothing fetched from elsewhere, so it works offline and in the embedded mode
 * without Grafana. Sign-in takes an API key and keeps it in an HTTP-only, SameSite=Strict cookie; every page is
 * rendered from the API's own answers to that key (see api-client.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DETECTOR_IDS, SEVERITIES, ALERT_STATUSES } from '@tokenwatch/schema';
import { apiClient, ApiFailure, type ApiClient } from './api-client';
import { APP_CSS } from './assets';
import { html, type Html } from './html';
import { page, type Section } from './layout';
import { alertDetailBody, alertListBody, loginBody, reportsBody, tokenBody, tokenListBody } from './pages';
import { TRIAGE_ACTIONS, type AlertFilters, type TriageAction } from './views';

export interface WebUiOptions {
  /** Where the JSON API is mounted (default /v1). */
  apiPrefix?: string;
  /** Clock for default date ranges. */
  now?: () => number;
  /** Set the cookie's Secure flag (behind HTTPS). */
  secureCookie?: boolean;
}

const COOKIE = 'tw_ui_key';
const DAY = 86_400_000;
// The UI's own policy: everything from this origin, no inline script or style, forms post only here.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

const only = (values: string[], allowed: readonly string[]) => values.filter((v) => allowed.includes(v));

export function webUi(app: FastifyInstance, options: WebUiOptions, done: (error?: Error) => void): void {
  const base = app.prefix;
  const now = options.now ?? Date.now;
  const apiPrefix = options.apiPrefix ?? '/v1';

  // HTML pages are not part of the JSON API's OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.getHeader('x-tokenwatch-report')) reply.header('content-security-policy', CSP);
    else reply.removeHeader('x-tokenwatch-report');
    reply.header('cache-control', 'no-store');
    return payload;
  });

  function send(reply: FastifyReply, status: number, section: Section, title: string, body: Html, extra = {}) {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(page({ title, section, base, signedIn: section !== 'login', ...extra }, body).text);
  }

  /** Runs a page with the signed-in user's API client; API failures become pages, never stack traces. */
  async function withApi(
    request: FastifyRequest,
    reply: FastifyReply,
    section: Section,
    render: (api: ApiClient) => Promise<unknown>,
  ) {
    const key = cookieValue(request, COOKIE);
    if (!key) return reply.redirect(`${base}/login?next=${encodeURIComponent(request.url)}`, 303);
    try {
      return await render(apiClient(app, key, apiPrefix));
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      if (error.status === 401) {
        return reply
          .header('set-cookie', clearCookie())
          .redirect(`${base}/login?next=${encodeURIComponent(request.url)}&expired=1`, 303);
      }
      const title = error.status === 404 ? 'Not found' : error.status === 403 ? 'Not allowed' : 'Request failed';
      return send(reply, error.status, section, title, html`<h1>${title}</h1>`, { error: error.message });
    }
  }

  const cookie = (value: string) =>
    `${COOKIE}=${encodeURIComponent(value)}; Path=${base || '/'}; HttpOnly; SameSite=Strict${options.secureCookie ? '; Secure' : ''}`;
  const clearCookie = () => `${COOKIE}=; Path=${base || '/'}; HttpOnly; SameSite=Strict; Max-Age=0`;

  app.get('/assets/app.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(APP_CSS),
  );

  app.get('/', async (_request, reply) => reply.redirect(`${base}/alerts?status=open,acknowledged`, 303));

  app.get('/login', async (request, reply) => {
    const q = request.query as { next?: string; expired?: string };
    const next = typeof q.next === 'string' && q.next.startsWith(`${base}/`) ? q.next : `${base}/alerts`;
    return send(reply, 200, 'login', 'Sign in', loginBody(base, next), {
      ...(q.expired ? { error: 'Your API key was not accepted. Sign in again.' } : {}),
    });
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as { api_key?: string; next?: string };
    const key = (body.api_key ?? '').trim();
    const next = body.next?.startsWith(`${base}/`) ? body.next : `${base}/alerts`;
    const check = key ? await apiClient(app, key, apiPrefix).raw('GET', '/tokens?limit=1') : undefined;
    if (!check || check.status === 401) {
      return send(reply, 401, 'login', 'Sign in', loginBody(base, next), { error: 'That API key was not accepted.' });
    }
    return reply.header('set-cookie', cookie(key)).redirect(next, 303);
  });

  app.post('/logout', async (_request, reply) =>
    reply.header('set-cookie', clearCookie()).redirect(`${base}/login`, 303),
  );

  app.get('/alerts', async (request, reply) =>
    withApi(request, reply, 'alerts', async (api) => {
      const q = request.query as Record<string, unknown>;
      const filters: AlertFilters = {
        status: only(list(q.status), ALERT_STATUSES),
        severity: only(list(q.severity), SEVERITIES),
        detector: only(list(q.detector), DETECTOR_IDS),
        ...(typeof q.token_id === 'string' && q.token_id.trim() ? { token_id: q.token_id.trim() } : {}),
      };
      const cursor = typeof q.cursor === 'string' ? q.cursor : undefined;
      const alerts = await api.listAlerts({ ...filters, limit: 50, ...(cursor ? { cursor } : {}) });
      const flash = typeof q.done === 'string' ? q.done : undefined;
      return send(reply, 200, 'alerts', 'Alerts', alertListBody(base, alerts, filters, true), {
        ...(flash ? { flash } : {}),
      });
    }),
  );

  app.get('/alerts/:alert_id', async (request, reply) =>
    withApi(request, reply, 'alerts', async (api) => {
      const { alert_id } = request.params as { alert_id: string };
      const { alert, audit } = await api.getAlert(alert_id);
      const q = request.query as { done?: string };
      return send(reply, 200, 'alerts', alert.title, alertDetailBody(base, alert, audit, true), {
        ...(typeof q.done === 'string' ? { flash: q.done } : {}),
      });
    }),
  );

  app.post('/alerts/:alert_id/:action', async (request, reply) =>
    withApi(request, reply, 'alerts', async (api) => {
      const { alert_id, action } = request.params as { alert_id: string; action: string };
      if (!(TRIAGE_ACTIONS as readonly string[]).includes(action)) {
        return send(reply, 404, 'alerts', 'Not found', html`<h1>Not found</h1>`, { error: `no action ${action}` });
      }
      const form = (request.body ?? {}) as { note?: string; assignee?: string; back?: string };
      const note = form.note?.trim();
      const assignee = form.assignee?.trim();
      const { alert: updated } = await api.triage(alert_id, action as TriageAction, {
        ...(note ? { note } : {}),
        ...(assignee ? { assignee } : {}),
      });
      const done = `${action.replace('_', ' ')}: “${updated.title}” is now ${updated.status.replace('_', ' ')}`;
      const back =
        typeof form.back === 'string' && form.back.startsWith('list')
          ? `${base}/alerts${form.back.slice(4) || '?'}${form.back.length > 4 ? '&' : ''}done=${encodeURIComponent(done)}`
          : `${base}/alerts/${encodeURIComponent(alert_id)}?done=${encodeURIComponent(done)}`;
      return reply.redirect(back, 303);
    }),
  );

  app.get('/tokens', async (request, reply) =>
    withApi(request, reply, 'tokens', async (api) => {
      const q = request.query as { id?: string; expiring_days?: string; cursor?: string };
      if (typeof q.id === 'string' && q.id.trim()) {
        return reply.redirect(`${base}/tokens/${encodeURIComponent(q.id.trim())}`, 303);
      }
      const expiring = Number(q.expiring_days);
      const filter = Number.isInteger(expiring) && expiring > 0 && expiring <= 3650 ? { expiring_days: expiring } : {};
      const tokens = await api.listTokens({ ...filter, limit: 100, ...(q.cursor ? { cursor: q.cursor } : {}) });
      return send(reply, 200, 'tokens', 'Tokens', tokenListBody(base, tokens, filter));
    }),
  );

  app.get('/tokens/:token_id', async (request, reply) =>
    withApi(request, reply, 'tokens', async (api) => {
      const { token_id } = request.params as { token_id: string };
      const to = now();
      const from = to - 7 * DAY;
      const range = { interval: 'hour', from, to };
      const token = await api.getToken(token_id);
      const [timeline, usage, byIp, byCountry, byAsn, alerts] = await Promise.all([
        api.timeline(token_id, 100),
        api.usage(token_id, { ...range, by: 'country', limit: 100 }),
        api.usage(token_id, { ...range, by: 'ip', limit: 20 }),
        api.usage(token_id, { ...range, by: 'country', limit: 20 }),
        api.usage(token_id, { ...range, by: 'asn', limit: 20 }),
        api.listAlerts({ status: ['open', 'acknowledged'], severity: [], detector: [], token_id, limit: 20 }),
      ]);
      const body = tokenBody(base, { token, timeline, usage, byIp, byCountry, byAsn, alerts: alerts.items });
      return send(reply, 200, 'tokens', token.token_name ?? token.token_id, body);
    }),
  );

  app.get('/reports', async (request, reply) =>
    withApi(request, reply, 'reports', async () => send(reply, 200, 'reports', 'Reports', reportsBody(base, now()))),
  );

  app.get('/reports/compliance', async (request, reply) =>
    withApi(request, reply, 'reports', async (api) => {
      const q = request.query as { from?: string; to?: string; format?: string };
      const format = ['html', 'pdf', 'csv', 'json'].includes(q.format ?? '') ? q.format! : 'html';
      const response = await api.complianceReport({ from: q.from ?? '', to: q.to ?? '', format });
      if (response.status >= 400) throw new ApiFailure(response.status, response.body.toString('utf8'));
      const type = response.headers['content-type'];
      const disposition = response.headers['content-disposition'];
      if (typeof type === 'string') reply.type(type);
      if (typeof disposition === 'string') reply.header('content-disposition', disposition);
      // A report is a self-contained document that may carry its own inline styles, but never scripts.
      reply.header('x-tokenwatch-report', '1');
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      return reply.send(response.body);
    }),
  );
  done();
}
