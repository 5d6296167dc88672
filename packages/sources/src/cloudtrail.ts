import { eventIdFromRaw, normaliseIp, type EventKind, type TokenEvent } from '@tokenwatch/schema';
import { buildEvent } from './result';
import { clip, get, isObj, optionalObj, optionalText, reject, type Obj } from './read';
import { parseTime } from './time';

/** Errors that mean the credentials themselves were not accepted (as opposed to an authorised-but-denied call). */
const AUTH_ERRORS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);

/**
 * One CloudTrail record → 0 or 1 events. Key lifecycle calls (Create/Update/DeleteAccessKey) are about the key
 * they name; every other call made with `userIdentity.accessKeyId` is a use of that key. `sourceIPAddress` is
 * often a service name (`iam.amazonaws.com`, `AWS Internal`): that goes to `invoked_by`, never to `ip`.
 */
export function normaliseCloudTrailRecord(
  record: Obj,
  now: number,
  raw: string,
  path = '',
): { events: TokenEvent[]; ignored?: string } {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const eventName = optionalText(record, 'eventName', at('eventName'));
  if (!eventName) reject(at('eventName'), 'required field is missing or empty');
  const identity = optionalObj(record, 'userIdentity', at('userIdentity')) ?? {};
  const callerKey = optionalText(identity, 'accessKeyId', at('userIdentity.accessKeyId'));
  const errorCode = optionalText(record, 'errorCode', at('errorCode'));
  const request = get(record, 'requestParameters');
  const response = get(record, 'responseElements');

  let kind: EventKind;
  let tokenId: string | undefined;
  let owner: string | undefined;
  const lifecycle = errorCode ? undefined : lifecycleOf(eventName, request, response);
  if (lifecycle) {
    ({ kind, tokenId, owner } = lifecycle);
    if (!tokenId) reject(at(lifecycle.keyPath), `${eventName} without the access key id`);
  } else if (callerKey) {
    kind = errorCode && AUTH_ERRORS.has(errorCode) ? 'token.auth_failed' : 'token.used';
    tokenId = callerKey;
  } else {
    return { events: [], ignored: 'CloudTrail record without userIdentity.accessKeyId' };
  }
  if (tokenId.length > 512) reject(at('userIdentity.accessKeyId'), 'longer than 512 characters');

  const sourceAddress = optionalText(record, 'sourceIPAddress', at('sourceIPAddress'));
  const ip = sourceAddress === undefined ? undefined : normaliseIp(sourceAddress);
  const invokedBy = optionalText(identity, 'invokedBy') ?? (ip === undefined ? sourceAddress : undefined);
  const errorMessage = optionalText(record, 'errorMessage', at('errorMessage'));
  return {
    events: [
      buildEvent(
        {
          event_id:
            clip(optionalText(record, 'eventID', at('eventID')), 200) ?? eventIdFromRaw('aws_cloudtrail', record),
          source: 'aws_cloudtrail',
          source_event_type: clip(eventName, 256)!,
          kind,
          occurred_at: parseTime(get(record, 'eventTime'), at('eventTime')),
          token_id: tokenId,
          owner_id: clip(
            owner ??
              optionalText(identity, 'arn') ??
              optionalText(identity, 'userName') ??
              optionalText(identity, 'principalId'),
            512,
          ),
          tenant: clip(optionalText(record, 'recipientAccountId') ?? optionalText(identity, 'accountId'), 512),
          site: clip(optionalText(record, 'awsRegion'), 512),
          ip,
          invoked_by: clip(invokedBy, 256),
          user_agent: clip(optionalText(record, 'userAgent'), 2048),
          outcome: errorCode ? 'failure' : 'success',
          outcome_reason: clip(errorCode ? [errorCode, errorMessage].filter(Boolean).join(': ') : undefined, 2048),
        },
        now,
        raw,
      ),
    ],
  };
}

function lifecycleOf(
  eventName: string,
  request: unknown,
  response: unknown,
): { kind: EventKind; tokenId: string | undefined; owner: string | undefined; keyPath: string } | undefined {
  const params = isObj(request) ? request : {};
  const owner = optionalText(params, 'userName', 'requestParameters.userName');
  switch (eventName) {
    case 'CreateAccessKey': {
      const key = isObj(response) ? get(response, 'accessKey') : undefined;
      const created = isObj(key) ? key : {};
      return {
        kind: 'token.created',
        tokenId: optionalText(created, 'accessKeyId', 'responseElements.accessKey.accessKeyId'),
        owner: owner ?? optionalText(created, 'userName', 'responseElements.accessKey.userName'),
        keyPath: 'responseElements.accessKey.accessKeyId',
      };
    }
    case 'UpdateAccessKey': {
      // Inactive keys stop working at once: for detection that is a revocation (a later Active is an update).
      const status = optionalText(params, 'status', 'requestParameters.status');
      return {
        kind: status?.toLowerCase() === 'inactive' ? 'token.revoked' : 'token.updated',
        tokenId: optionalText(params, 'accessKeyId', 'requestParameters.accessKeyId'),
        owner,
        keyPath: 'requestParameters.accessKeyId',
      };
    }
    case 'DeleteAccessKey':
      return {
        kind: 'token.revoked',
        tokenId: optionalText(params, 'accessKeyId', 'requestParameters.accessKeyId'),
        owner,
        keyPath: 'requestParameters.accessKeyId',
      };
    default:
      return undefined;
  }
}

/** A `{"Records":[…]}` file → all events of its records; the first bad record rejects the file, naming it. */
export function normaliseCloudTrailFile(
  records: unknown[],
  now: number,
  rawOf: (record: unknown) => string,
): { events: TokenEvent[]; ignored?: string } {
  const events: TokenEvent[] = [];
  records.forEach((record, index) => {
    if (!isObj(record)) reject(`Records.${index}`, 'expected an object');
    events.push(...normaliseCloudTrailRecord(record, now, rawOf(record), `Records.${index}`).events);
  });
  return events.length > 0 || records.length === 0
    ? { events, ...(records.length === 0 ? { ignored: 'empty Records file' } : {}) }
    : { events, ignored: 'no record of the file used an access key' };
}
