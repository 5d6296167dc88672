import { z } from 'zod';
import { EVENT_KINDS } from '@tokenwatch/schema';

/**
 * How one Tableau `eventType` becomes a token event. Tableau publishes no example records and does not name its
 * PAT event types, so everything beyond the documented batch revocations is an assumption an operator can
 * correct in configuration (TOKENWATCH_TABLEAU_MAPPING) without a code change.
 */
export const TableauMappingEntry = z.strictObject({
  kind: z.enum(EVENT_KINDS),
  /** Kind when the outcome is a failure (e.g. a failed sign-in is `token.auth_failed`). Default: `kind`. */
  failureKind: z.enum(EVENT_KINDS).optional(),
  /** Attributes holding the token's guid, tried in order. */
  tokenGuid: z.array(z.string().min(1)).optional(),
  /** Attributes holding the token's name (token id becomes <site>/<owner>/<name> when no guid is present). */
  tokenName: z.array(z.string().min(1)).optional(),
  /** Attributes holding the user the token belongs to. Default: the initiating / actor user. */
  owner: z.array(z.string().min(1)).optional(),
  /**
   * `token`: the event is about one token (default). `owner`: about all tokens of one user — token id
   * <tenant-or-site>/<owner>/*, or <tenant>/* when no owner attribute is present (batch revocations).
   */
  scope: z.enum(['token', 'owner']).optional(),
  /** A `token`-scoped record without any token attribute: `reject` it (default) or `ignore` it (e.g. a password login). */
  withoutToken: z.enum(['reject', 'ignore']).optional(),
});
export type TableauMappingEntry = z.infer<typeof TableauMappingEntry>;

/** eventType → entry. `null` in operator configuration removes a default. */
export type TableauMapping = Readonly<Record<string, TableauMappingEntry>>;

export const TableauMappingFile = z.strictObject({
  eventTypes: z.record(z.string().min(1), TableauMappingEntry.nullable()),
});

const TOKEN_GUID = ['tokenGuid', 'patGuid', 'personalAccessTokenGuid', 'tokenId', 'patId', 'accessTokenGuid'];
const TOKEN_NAME = ['tokenName', 'patName', 'personalAccessTokenName', 'accessTokenName'];
const PAT_USER = ['patUserId', 'patUserLuid', 'targetUserLuid', 'targetUserId'];

export const DEFAULT_TABLEAU_MAPPING: TableauMapping = {
  // Documented: a user was removed / the tenant suspended or deleted; patUserId absent = the whole tenant.
  batch_revoke_personal_access_token: { kind: 'token.revoked', scope: 'owner', owner: ['patUserId'] },
  batch_revoke_session: { kind: 'session.revoked', scope: 'owner', owner: ['sessionUserId'] },
  // Sign-ins count as token use only when the record names the PAT; password / SAML sign-ins are ignored.
  login: { kind: 'token.used', failureKind: 'token.auth_failed', withoutToken: 'ignore' },
  login_authentication: { kind: 'token.used', failureKind: 'token.auth_failed', withoutToken: 'ignore' },
  // Assumed names for PAT lifecycle events (not documented by Tableau).
  create_personal_access_token: { kind: 'token.created', owner: PAT_USER },
  personal_access_token_created: { kind: 'token.created', owner: PAT_USER },
  revoke_personal_access_token: { kind: 'token.revoked', owner: PAT_USER },
  delete_personal_access_token: { kind: 'token.revoked', owner: PAT_USER },
  personal_access_token_revoked: { kind: 'token.revoked', owner: PAT_USER },
  personal_access_token_sign_in: { kind: 'token.used', failureKind: 'token.auth_failed' },
};

export const DEFAULT_TOKEN_GUID_ATTRIBUTES: readonly string[] = TOKEN_GUID;
export const DEFAULT_TOKEN_NAME_ATTRIBUTES: readonly string[] = TOKEN_NAME;

/**
 * Defaults overlaid with an operator's file content (already JSON-parsed). Returns the field and reason when the
 * content is not a valid mapping file, so start-up can fail with a precise message.
 */
export function parseTableauMapping(
  content: unknown,
): { ok: true; mapping: TableauMapping } | { ok: false; reason: string; field_path: string } {
  const parsed = TableauMappingFile.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: issue.message, field_path: issue.path.map(String).join('.') };
  }
  const mapping: Record<string, TableauMappingEntry> = { ...DEFAULT_TABLEAU_MAPPING };
  for (const [eventType, entry] of Object.entries(parsed.data.eventTypes)) {
    if (entry === null) delete mapping[eventType];
    else mapping[eventType] = entry;
  }
  return { ok: true, mapping };
}
