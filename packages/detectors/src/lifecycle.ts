import type { Finding } from './finding';
import { type EventContext, days, describeIp, findingBase, isoTime } from './context';
import type { RecentFailure, RecentUse, TokenState } from './state';

/** Updates created / expires / revoked times from lifecycle events. The earliest revocation or expiry wins. */
export function applyLifecycle(state: TokenState, ctx: EventContext): void {
  const { event } = ctx;
  const lc = state.lifecycle;
  switch (event.kind) {
    case 'token.created':
      lc.created_at = lc.created_at === undefined ? ctx.at : Math.min(lc.created_at, ctx.at);
      if (event.expires_at !== undefined) lc.expires_at = event.expires_at;
      break;
    case 'token.updated':
      if (event.expires_at !== undefined) lc.expires_at = event.expires_at;
      break;
    case 'token.revoked':
      lc.revoked_at = lc.revoked_at === undefined ? ctx.at : Math.min(lc.revoked_at, ctx.at);
      break;
    case 'token.expired':
      lc.expires_at = lc.expires_at === undefined ? ctx.at : Math.min(lc.expires_at, ctx.at);
      break;
    default:
      if (lc.expires_at === undefined && event.expires_at !== undefined) lc.expires_at = event.expires_at;
  }
}

interface Attempt {
  at: number;
  event_id: string;
  ip?: string;
  outcome: 'success' | 'failure' | 'unknown';
}

function afterEnd(state: TokenState, ctx: EventContext, attempt: Attempt): Finding | undefined {
  const { revoked_at, expires_at } = state.lifecycle;
  const revoked = revoked_at !== undefined && attempt.at > revoked_at;
  const expired = !revoked && expires_at !== undefined && attempt.at > expires_at;
  if (!revoked && !expired) return undefined;
  const end = revoked ? revoked_at : expires_at!;
  const what = revoked ? 'revoked' : 'expired';
  const succeeded = attempt.outcome === 'success';
  const result = succeeded
    ? 'and it succeeded: the source system did not enforce it'
    : attempt.outcome === 'failure'
      ? 'and it was refused: someone still holds the token and tries it'
      : 'with unknown outcome';
  return {
    ...findingBase(ctx),
    at: attempt.at,
    event_id: attempt.event_id,
    ...(attempt.ip ? { ip: attempt.ip } : {}),
    detector: revoked ? 'use_after_revocation' : 'use_after_expiry',
    key: `${what}@${end}`,
    severity: succeeded ? 'critical' : 'high',
    title: `Token used after it was ${what}`,
    explanation:
      `Token ${ctx.label} was used at ${isoTime(attempt.at)} from ${attempt.ip ?? 'an unknown IP'}, ` +
      `${days(attempt.at - end)} after it was ${what} at ${isoTime(end)}, ${result}.`,
    evidence: {
      event_ids: [attempt.event_id],
      values: { outcome: attempt.outcome, used_at: attempt.at, ip: attempt.ip },
      baseline: { [`${what}_at`]: end },
    },
  };
}

/**
 * use_after_revocation / use_after_expiry: an attempt after the token's end. On a revocation or expiry event
 * that arrives late, the recent attempts already seen are checked again, so order of arrival does not matter
 * within the allowed lateness.
 */
export function detectUseAfterEnd(state: TokenState, ctx: EventContext): Finding[] {
  if (ctx.isAttempt) {
    const finding = afterEnd(state, ctx, {
      at: ctx.at,
      event_id: ctx.event.event_id,
      ...(ctx.event.ip ? { ip: ctx.event.ip } : {}),
      outcome: ctx.isFailure ? 'failure' : ctx.event.outcome,
    });
    return finding ? [finding] : [];
  }
  if (ctx.event.kind !== 'token.revoked' && ctx.event.kind !== 'token.expired' && ctx.event.kind !== 'token.updated')
    return [];
  const earlier: Attempt[] = [
    ...state.recent_uses.map((u: RecentUse) => ({
      at: u.at,
      event_id: u.event_id,
      ip: u.ip,
      outcome: 'success' as const,
    })),
    ...state.recent_failures.map((f: RecentFailure) => ({
      at: f.at,
      event_id: f.event_id,
      ...(f.ip ? { ip: f.ip } : {}),
      outcome: 'failure' as const,
    })),
  ].sort((a, b) => a.at - b.at || (a.event_id < b.event_id ? -1 : 1));
  return earlier.map((a) => afterEnd(state, ctx, a)).filter((f): f is Finding => f !== undefined);
}

/** dormant_reuse: a successful use after a long idle period. */
export function detectDormantReuse(state: TokenState, ctx: EventContext): Finding[] {
  if (!ctx.isUse) return [];
  const last = state.last_use_at;
  if (last === undefined || ctx.at <= last) {
    if (last === undefined) state.last_use_at = ctx.at;
    return [];
  }
  state.last_use_at = ctx.at;
  const idle = ctx.at - last;
  if (idle < ctx.settings.dormantAfterMs) return [];
  return [
    {
      ...findingBase(ctx),
      detector: 'dormant_reuse',
      key: `reuse@${ctx.at}`,
      severity: 'medium',
      title: `Token used again after ${days(idle)} idle`,
      explanation:
        `Token ${ctx.label} was used from ${describeIp(ctx)} after ${days(idle)} without any use ` +
        `(last use ${isoTime(last)}); confirm its owner still needs it.`,
      evidence: {
        event_ids: [ctx.event.event_id],
        values: { idle_ms: idle, ip: ctx.event.ip },
        baseline: { last_use_at: last, dormant_after_ms: ctx.settings.dormantAfterMs },
      },
    },
  ];
}
