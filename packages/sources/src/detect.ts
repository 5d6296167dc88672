import type { Source } from '@tokenwatch/schema';
import { get, isObj, type Obj } from './read';

const TABLEAU_SERVER_FILE = /cepp-canonical-events/i;
const TABLEAU_PATH = /(?:^|[/\\])eventType=[^/\\]+[/\\]/;
const TABLEAU_KEYS = [
  'eventType',
  'eventTime',
  'eventOutcome',
  'initiatingUserLuid',
  'initiatingUserId',
  'actorUserLuid',
  'siteLuid',
  'tenantId',
  'podUri',
];

const has = (record: Obj, key: string) => get(record, key) !== undefined;

/**
 * Which system a record came from, by the fields only that system writes; undefined when nothing fits. The file
 * path decides between Tableau Cloud and Server (Server writes `*-cepp-canonical-events_*.log` files).
 */
export function detectSource(record: unknown, filePath?: string): Source | undefined {
  if (!isObj(record)) return undefined;
  if (Array.isArray(get(record, 'Records'))) return 'aws_cloudtrail';
  if (has(record, 'eventSource') && (has(record, 'eventVersion') || has(record, 'userIdentity')))
    return 'aws_cloudtrail';
  if (has(record, 'token_id') && has(record, 'kind') && has(record, 'occurred_at')) return 'generic';
  if (
    (has(record, 'service_name') || has(record, 'serviceName')) &&
    (has(record, 'action_name') || has(record, 'actionName'))
  )
    return 'databricks';
  if (has(record, 'action') && (has(record, '@timestamp') || has(record, '_document_id') || has(record, 'actor')))
    return 'github';
  const server = filePath !== undefined && TABLEAU_SERVER_FILE.test(filePath);
  if (looksLikeTableau(record) || (filePath !== undefined && TABLEAU_PATH.test(filePath)))
    return server ? 'tableau_server' : 'tableau_cloud';
  if (server) return 'tableau_server';
  return undefined;
}

function looksLikeTableau(record: Obj): boolean {
  const event = get(record, 'event');
  const v = get(record, 'v');
  const attributes = isObj(event) ? event : isObj(v) ? v : record;
  return TABLEAU_KEYS.some((key) => has(attributes, key));
}
