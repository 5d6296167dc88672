import type { ActivityRecord, DemoToken, DemoUser } from './model';

/** The Tableau Cloud site and tenant the demo company runs on. */
export interface DemoSite {
  tenantId: string;
  tenantName: string;
  siteLuid: string;
  siteName: string;
  siteUri: string;
  podUri: string;
}

export interface Attempt {
  at: number;
  ip: string;
  userAgent?: string;
  /** Default: success. */
  outcome?: 'success' | 'unauthorized';
  /** Why a sign-in failed, as Tableau words it. */
  reason?: string;
  /** Minutes until the record became available (Activity Log delivery is late by design). */
  delayMs?: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function common(site: DemoSite, user: DemoUser, at: number, delayMs: number): ActivityRecord {
  return {
    eventTime: iso(at),
    eventProcessedTime: iso(at + delayMs),
    tenantId: site.tenantId,
    tenantName: site.tenantName,
    podUri: site.podUri,
    siteLuid: site.siteLuid,
    siteName: site.siteName,
    siteUri: site.siteUri,
    actorUserId: user.id,
    actorUserLuid: user.luid,
    initiatingUserId: user.id,
    initiatingUserLuid: user.luid,
    initiatingUserEmail: user.email,
    initiatingUserDisplayName: user.displayName,
    licensingRoleName: user.role === 'Explorer' ? 'Explorer' : 'Creator',
    siteRoleId: user.role === 'SiteAdministratorCreator' ? 7 : user.role === 'Creator' ? 9 : 5,
    systemAdminLevel: 0,
  };
}

/** A sign-in with the token's name and secret (POST /api/<ver>/auth/signin), as `login_authentication`. */
export function signIn(site: DemoSite, token: DemoToken, attempt: Attempt, traceUuid: string): ActivityRecord {
  const outcome = attempt.outcome ?? 'success';
  return {
    eventType: 'login_authentication',
    ...common(site, token.owner, attempt.at, attempt.delayMs ?? 4 * 60_000),
    eventOutcome: outcome,
    eventOutcomeReason: outcome === 'success' ? null : (attempt.reason ?? 'invalid_credentials'),
    initiatingUserIpAddress: attempt.ip,
    initiatingUserAgent: attempt.userAgent ?? token.userAgent,
    initiatingUrl: '/api/3.24/auth/signin',
    initiatingSessionId: outcome === 'success' ? traceUuid.slice(0, 18) : null,
    traceUuid,
    authenticationMethod: 'personal_access_token',
    tokenGuid: token.guid,
    tokenName: token.name,
  };
}

/** A sign-in with a password (no token): tokenwatch reads it and ignores it. */
export function passwordSignIn(site: DemoSite, user: DemoUser, at: number, ip: string, trace: string): ActivityRecord {
  return {
    eventType: 'login_authentication',
    ...common(site, user, at, 3 * 60_000),
    eventOutcome: 'success',
    eventOutcomeReason: null,
    initiatingUserIpAddress: ip,
    initiatingUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
    initiatingUrl: '/',
    traceUuid: trace,
    authenticationMethod: 'saml',
  };
}

export function patCreated(site: DemoSite, token: DemoToken, ip: string, trace: string): ActivityRecord {
  return {
    eventType: 'create_personal_access_token',
    ...common(site, token.owner, token.createdAt, 5 * 60_000),
    eventOutcome: 'success',
    eventOutcomeReason: null,
    initiatingUserIpAddress: ip,
    initiatingUserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
    traceUuid: trace,
    patUserLuid: token.owner.luid,
    tokenGuid: token.guid,
    tokenName: token.name,
    expiresAt: iso(token.expiresAt),
  };
}

/** A site admin revokes one token (e.g. after an offboarding ticket). */
export function patRevoked(
  site: DemoSite,
  token: DemoToken,
  admin: DemoUser,
  at: number,
  ip: string,
  trace: string,
): ActivityRecord {
  return {
    eventType: 'revoke_personal_access_token',
    ...common(site, admin, at, 6 * 60_000),
    eventOutcome: 'success',
    eventOutcomeReason: null,
    initiatingUserIpAddress: ip,
    initiatingUserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
    traceUuid: trace,
    patUserLuid: token.owner.luid,
    tokenGuid: token.guid,
    tokenName: token.name,
  };
}

/** Tenant event: a removed user's tokens are all revoked at once (documented attributes only). */
export function batchRevoke(
  site: DemoSite,
  admin: DemoUser,
  user: DemoUser,
  at: number,
  trace: string,
): ActivityRecord {
  return {
    eventType: 'batch_revoke_personal_access_token',
    eventTime: iso(at),
    eventOutcome: 'success',
    eventOutcomeReason: 'user_removed',
    initiatingUserId: admin.luid,
    initiatingUserEmail: admin.email,
    initiatingUserDisplayName: admin.displayName,
    initiatingUserRole: 'TenantAdmin',
    initiatingUserIpAddress: '93.192.14.20',
    initiatingUserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
    tenantId: site.tenantId,
    tenantName: site.tenantName,
    podUri: site.podUri,
    traceUuid: trace,
    patUserId: user.luid,
  };
}
