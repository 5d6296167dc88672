import { TokenEvent, eventIdFromRaw, isTokenEvent, truncateRaw, type Source } from '@tokenwatch/schema';
import { normaliseCanonical } from './canonical';
import { normaliseCloudTrailFile, normaliseCloudTrailRecord } from './cloudtrail';
import { normaliseDatabricks } from './databricks';
import { detectSource } from './detect';
import { normaliseGitHub } from './github';
import { RecordRejected, get, isObj, reject, type Obj } from './read';
import type { NormaliseContext, NormaliseResult } from './result';
import { normaliseTableau } from './tableau';

/**
 * Any parsed record → canonical events, or the field and reason it was rejected for. Never throws: whatever
 * arrives (wrong types, huge values, prototype keys, cycles) ends as a result the caller can count or dead-letter.
 */
export function normaliseRecord(record: unknown, ctx: NormaliseContext): NormaliseResult {
  let source: Source | 'unknown' = 'unknown';
  try {
    source = ctx.source ?? detectSource(record, ctx.filePath) ?? 'unknown';
    if (source === 'unknown')
      return {
        ok: false,
        source,
        reason: 'unrecognised record: not Tableau, GitHub, CloudTrail, Databricks or the canonical format',
        field_path: '',
      };
    if (!isObj(record)) return { ok: false, source, reason: 'expected a JSON object', field_path: '' };
    const { events, ignored } = bySource(source, record, ctx);
    for (const event of events) checkCanonical(event);
    return ignored === undefined ? { ok: true, source, events } : { ok: true, source, events, ignored };
  } catch (error) {
    if (error instanceof RecordRejected)
      return { ok: false, source, reason: error.reason, field_path: error.field_path };
    return { ok: false, source, reason: `cannot read record: ${messageOf(error)}`, field_path: '' };
  }
}

function bySource(source: Source, record: Obj, ctx: NormaliseContext): { events: TokenEvent[]; ignored?: string } {
  const now = ctx.now;
  switch (source) {
    case 'tableau_cloud':
    case 'tableau_server':
      return normaliseTableau(record, {
        source,
        now,
        raw: topRaw(record, ctx),
        eventId: eventIdFromRaw(source, record),
        ...(ctx.filePath === undefined ? {} : { filePath: ctx.filePath }),
        ...(ctx.tableauMapping === undefined ? {} : { mapping: ctx.tableauMapping }),
      });
    case 'github':
      return normaliseGitHub(record, now, topRaw(record, ctx));
    case 'aws_cloudtrail': {
      const records = get(record, 'Records');
      if (records !== undefined) {
        if (!Array.isArray(records)) reject('Records', 'expected an array of CloudTrail records');
        return normaliseCloudTrailFile(records, now, rawOf);
      }
      return normaliseCloudTrailRecord(record, now, topRaw(record, ctx));
    }
    case 'databricks':
      return normaliseDatabricks(record, now, topRaw(record, ctx));
    case 'generic':
      return { events: [normaliseCanonical(record, now, topRaw(record, ctx))] };
  }
}

/** `raw` of a top-level record: the sender's text when the caller passed it, else the record's JSON. */
function topRaw(record: unknown, ctx: NormaliseContext): string {
  return ctx.recordText === undefined ? rawOf(record) : truncateRaw(ctx.recordText);
}

function rawOf(record: unknown): string {
  return truncateRaw(JSON.stringify(record) ?? 'null');
}

/** Safety net: a normaliser bug must become a reject naming the canonical field, never a bad event downstream. */
function checkCanonical(event: TokenEvent): void {
  // The plain check is never laxer than the schema; zod runs only to name the field of an event that fails it.
  if (isTokenEvent(event)) return;
  const result = TokenEvent.safeParse(event);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    reject(`(canonical) ${issue.path.map(String).join('.')}`, issue.message);
  }
}

function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unprintable error';
  }
}
