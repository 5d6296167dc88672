import { eventIdFromRaw, normaliseIp, type EventKind, type Outcome, type TokenEvent } from '@tokenwatch/schema';
import { buildEvent } from './result';
import { clip, firstText, get, isObj, reject, text, type Obj } from './read';
import { parseTime } from './time';

/** Token actions; any other action that names a token in its request parameters is a use of it. */
const ACTIONS: Readonly<Record<string, EventKind>> = {
  generateDbToken: 'token.created',
  createToken: 'token.created',
  revokeDbToken: 'token.revoked',
  deleteToken: 'token.revoked',
  revokeToken: 'token.revoked',
  tokenLogin: 'token.used',
};
const TOKEN_PARAMS = ['tokenId', 'token_id', 'tokenHash', 'token_hash'];

/**
 * Databricks audit record → 0 or 1 events. Reads both the `system.access.audit` spelling (snake_case) and the
 * JSON log delivery spelling (camelCase). Outcome from `response.statusCode`; absent → `unknown`.
 */
export function normaliseDatabricks(record: Obj, now: number, raw: string): { events: TokenEvent[]; ignored?: string } {
  const action = firstText(record, ['action_name', 'actionName']);
  if (!action) reject('action_name', 'required field is missing or empty');
  const params = objectOf(record, ['request_params', 'requestParams']);
  const response = objectOf(record, ['response']);
  const identity = objectOf(record, ['user_identity', 'userIdentity']);
  const known = Object.prototype.hasOwnProperty.call(ACTIONS, action.value) ? ACTIONS[action.value] : undefined;

  let token = firstText(params, TOKEN_PARAMS)?.value;
  if (!token && known === 'token.created') token = createdTokenId(response);
  if (!token) {
    if (known) reject('request_params.tokenId', `${action.value} names no token`);
    return { events: [], ignored: 'Databricks record without a token id' };
  }
  const tokenId = `databricks:${token}`;
  if (tokenId.length > 512) reject('request_params.tokenId', 'token id longer than 512 characters');

  const status = text(get(response, 'statusCode')) ?? text(get(response, 'status_code'));
  const outcome: Outcome = status === undefined ? 'unknown' : /^[23]\d\d$/.test(status) ? 'success' : 'failure';
  const kind: EventKind =
    (known ?? 'token.used') === 'token.used' && outcome === 'failure' ? 'token.auth_failed' : (known ?? 'token.used');
  const timeField = firstText(record, ['event_time', 'timestamp', 'eventTime']);
  const ipText = firstText(record, ['source_ip_address', 'sourceIPAddress'])?.value;
  const errorMessage = firstText(response, ['errorMessage', 'error_message'])?.value;
  return {
    events: [
      buildEvent(
        {
          event_id:
            clip(firstText(record, ['event_id', 'eventId', 'requestId'])?.value, 200) ??
            eventIdFromRaw('databricks', record),
          source: 'databricks',
          source_event_type: clip(
            `${firstText(record, ['service_name', 'serviceName'])?.value ?? '-'}.${action.value}`,
            256,
          )!,
          kind,
          occurred_at: parseTime(timeField ? get(record, timeField.key) : undefined, timeField?.key ?? 'event_time'),
          token_id: tokenId,
          owner_id: clip(firstText(identity, ['subject_name', 'subjectName', 'email'])?.value, 512),
          owner_email: clip(firstText(identity, ['email'])?.value, 512),
          tenant: clip(firstText(record, ['account_id', 'accountId'])?.value, 512),
          site: clip(firstText(record, ['workspace_id', 'workspaceId'])?.value, 512),
          ip: ipText === undefined ? undefined : normaliseIp(ipText),
          user_agent: clip(firstText(record, ['user_agent', 'userAgent'])?.value, 2048),
          outcome,
          outcome_reason: clip(
            outcome === 'failure' ? [status, errorMessage].filter(Boolean).join(': ') : undefined,
            2048,
          ),
        },
        now,
        raw,
      ),
    ],
  };
}

const EMPTY: Obj = {};

function objectOf(record: Obj, keys: readonly string[]): Obj {
  for (const key of keys) {
    const value = get(record, key);
    if (isObj(value)) return value;
  }
  return EMPTY;
}

/** generateDbToken carries the new token's id in `response.result`, a JSON string. */
function createdTokenId(response: Obj): string | undefined {
  const result = get(response, 'result');
  let parsed: unknown = result;
  if (typeof result === 'string') {
    try {
      parsed = JSON.parse(result);
    } catch {
      return undefined;
    }
  }
  if (!isObj(parsed)) return undefined;
  const info = get(parsed, 'token_info');
  return (
    firstText(parsed, ['token_id', 'tokenId'])?.value ??
    (isObj(info) ? firstText(info, ['token_id'])?.value : undefined)
  );
}
