/**
 * The UI reads and triages only through the HTTP API (in-process, with `inject`), with the signed-in user's own
 * API key: the API's authentication, scopes, validation, audit trail and rate limits apply to the UI exactly as
 * to any other client, and the UI needs no store of its own.
 */
import type { FastifyInstance } from 'fastify';
import { queryString } from './html';
import type { Alert, AlertDetail, AlertFilters, Page, TimelineEvent, Token, TriageAction, Usage } from './views';

/** The API's path for each UI action. */
const ACTION_PATHS: Record<TriageAction, string> = {
  acknowledge: 'acknowledge',
  resolve: 'resolve',
  false_positive: 'false-positive',
  reopen: 'reopen',
  assign: 'assign',
  comment: 'comments',
};

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/** The API paths the UI uses, in one place. */
export function apiClient(app: FastifyInstance, apiKey: string, prefix = '/v1') {
  async function call(method: 'GET' | 'POST', path: string, payload?: object): Promise<ApiResponse> {
    const response = await app.inject({
      method,
      url: prefix + path,
      headers: {
        authorization: `Bearer ${apiKey}`,
        'user-agent': 'tokenwatch-web-ui',
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
    return { status: response.statusCode, headers: response.headers, body: response.rawPayload };
  }

  async function json<T>(method: 'GET' | 'POST', path: string, payload?: object): Promise<T> {
    const response = await call(method, path, payload);
    const text = response.body.toString('utf8');
    if (response.status >= 400) {
      let message = text;
      try {
        const parsed = JSON.parse(text) as { error?: { message?: string }; message?: string };
        message = parsed.error?.message ?? parsed.message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new ApiFailure(response.status, message);
    }
    return JSON.parse(text) as T;
  }

  const id = encodeURIComponent;
  return {
    raw: call,
    listAlerts: (f: AlertFilters & { cursor?: string; limit?: number }) =>
      json<Page<Alert>>(
        'GET',
        '/alerts' +
          queryString({
            status: f.status.join(','),
            severity: f.severity.join(','),
            detector: f.detector.join(','),
            token_id: f.token_id,
            cursor: f.cursor,
            limit: f.limit,
          }),
      ),
    getAlert: (alertId: string) => json<AlertDetail>('GET', `/alerts/${id(alertId)}`),
    triage: (alertId: string, action: TriageAction, body: { note?: string; assignee?: string }) =>
      json<AlertDetail>('POST', `/alerts/${id(alertId)}/${ACTION_PATHS[action]}`, body),
    listTokens: (q: { expiring_days?: number; cursor?: string; limit?: number }) =>
      json<Page<Token>>('GET', '/tokens' + queryString(q)),
    getToken: (tokenId: string) => json<Token>('GET', `/tokens/${id(tokenId)}`),
    timeline: (tokenId: string, limit: number) =>
      json<Page<TimelineEvent>>('GET', `/tokens/${id(tokenId)}/timeline${queryString({ limit })}`),
    usage: (tokenId: string, q: { by: string; interval: string; from: number; to: number; limit: number }) =>
      json<Usage>('GET', `/tokens/${id(tokenId)}/usage${queryString(q)}`),
    complianceReport: (q: { from: string; to: string; format: string }) =>
      call('GET', `/reports/compliance${queryString(q)}`),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
