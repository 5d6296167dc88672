import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Every error the API returns has this one shape, with a stable `code` that clients can switch on. `details`
 * names each offending field ("query.limit", "body.note") and why.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_body',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_transition',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
      request_id: z.string(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export interface ErrorDetail {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const badField = (field: string, reason: string) =>
  new ApiError(400, 'validation_failed', `${field}: ${reason}`, [{ field, reason }]);

/** Zod issues attached by the validator → our field names ("query.limit"); fastify calls querystring "querystring". */
function validationDetails(error: FastifyError): ErrorDetail[] {
  const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
  return (error.validation ?? []).map((v) => {
    const path = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    return { field: path ? `${where}.${path}` : where, reason: v.message ?? 'invalid' };
  });
}

/** Known fastify / plugin errors → (status, code). Anything else is a 500 and is logged. */
function classify(error: FastifyError): { status: number; code: ErrorCode; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: error.message };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: error.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'malformed_body', message: error.message };
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON') {
    return { status: 400, code: 'malformed_body', message: 'request body is not valid JSON' };
  }
  if (error.statusCode === 429) return { status: 429, code: 'rate_limited', message: error.message };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, code: status === 404 ? 'not_found' : 'validation_failed', message: error.message };
  }
  return undefined;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = (code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody => ({
      error: { code, message, ...(details && details.length > 0 ? { details } : {}), request_id: request.id },
    });
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send(body(error.code, error.message, error.details));
    }
    if (error.validation) {
      const details = validationDetails(error);
      const message = details.map((d) => `${d.field}: ${d.reason}`).join('; ');
      return reply.status(400).send(body('validation_failed', message || 'invalid request', details));
    }
    const known = classify(error);
    if (known) return reply.status(known.status).send(body(known.code, known.message));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'internal error; the request id is in the server log'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        request_id: request.id,
      },
    } satisfies ErrorBody),
  );
}
