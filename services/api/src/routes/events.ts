import { z } from 'zod';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { IntakeRecord, RecordIntake } from '@tokenwatch/intake';
import { SOURCES } from '@tokenwatch/schema';
import { ApiError, ErrorBody } from '../errors';
import { AUTH_ERRORS, errors } from '../schemas';

/** Most records one request may carry; larger uploads are split by the client (or use `tokenwatch import`). */
export const MAX_RECORDS_PER_REQUEST = 10_000;

const Rejection = z.object({ index: z.number(), reason: z.string(), field_path: z.string() });
const IntakeOut = z
  .object({ accepted: z.number(), events: z.number(), rejected: z.array(Rejection) })
  .meta({ id: 'IntakeResult' });
/** 400 is either "every record rejected" (with the per-record result) or a plain error (malformed body). */
const AllRejectedOut = z.union([ErrorBody.extend(IntakeOut.shape), ErrorBody]);

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'text/plain'];

/**
 * Splits a body into records. NDJSON: one record per non-blank line, kept byte for byte (a line that is not JSON
 * is still handed on, so intake rejects it with a reason and dead-letters it). JSON: an array of records or one
 * record.
 */
export function splitBody(body: string, contentType: string, origin: string): Omit<IntakeRecord, 'source'>[] {
  if (contentType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ApiError(400, 'malformed_body', 'body is not valid JSON (send NDJSON as application/x-ndjson)');
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.map((item, i) => ({ bytes: JSON.stringify(item), origin: `${origin}#${i}` }));
  }
  const records: Omit<IntakeRecord, 'source'>[] = [];
  body.split('\n').forEach((line, i) => {
    if (line.trim() !== '') records.push({ bytes: line.replace(/\r$/, ''), origin: `${origin}#${i + 1}` });
  });
  return records;
}

export const eventRoutes =
  (intake: RecordIntake, bodyLimit: number): FastifyPluginCallbackZod =>
  (app, _options, done) => {
    // Bodies are taken as text here: intake needs the original bytes of every record, valid or not.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      ['application/json', ...NDJSON_TYPES],
      { parseAs: 'string', bodyLimit },
      (_req, body, done) => done(null, body),
    );
    app.post(
      '/events',
      {
        config: { scope: 'ingest' },
        bodyLimit,
        schema: {
          summary: 'Send events (NDJSON or a JSON array)',
          description:
            `Content-Type application/x-ndjson (one record per line) or application/json (an array or one record). ` +
            `At most ${bodyLimit} bytes and ${MAX_RECORDS_PER_REQUEST} records per request. Records are vendor ` +
            `records or canonical events; \`source\` overrides auto-detection. 200: all accepted; 207: some ` +
            `rejected (each with index, reason, field_path; the rest went through); 400: all rejected. Rejected ` +
            `records are also kept as dead letters.`,
          tags: ['events'],
          security: [{ apiKey: [] }],
          querystring: z.strictObject({ source: z.enum(SOURCES).optional() }),
          body: z.string().meta({ description: 'NDJSON text or a JSON array of records' }),
          response: {
            200: IntakeOut,
            207: IntakeOut,
            400: AllRejectedOut,
            ...errors(...AUTH_ERRORS.slice(1), 413, 415),
          },
        },
      },
      async (request, reply) => {
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const records = splitBody(request.body, contentType, `http:${request.id}`);
        if (records.length === 0) throw new ApiError(400, 'validation_failed', 'the body holds no records');
        if (records.length > MAX_RECORDS_PER_REQUEST) {
          throw new ApiError(413, 'payload_too_large', `more than ${MAX_RECORDS_PER_REQUEST} records in one request`);
        }
        const source = request.query.source;
        const result = await intake.accept(records.map((r) => (source ? { ...r, source } : r)));
        if (result.rejected.length === 0) return reply.status(200).send(result);
        if (result.accepted > 0) return reply.status(207).send(result);
        return reply.status(400).send({
          ...result,
          error: {
            code: 'validation_failed' as const,
            message: `all ${records.length} records were rejected`,
            details: result.rejected
              .slice(0, 100)
              .map((r) => ({ field: `records[${r.index}].${r.field_path}`, reason: r.reason })),
            request_id: request.id,
          },
        });
      },
    );
    done();
  };
