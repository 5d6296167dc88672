import type { Alert, AlertAuditEntry, Token } from '@tokenwatch/schema';
import { SECTION_CONTROLS, SECTION_TITLES, type ControlId, type SectionId } from './controls';
import {
  bornAt,
  evaluateTokenPolicy,
  resolvePolicy,
  toDays,
  type PolicySettings,
  type ViolationRule,
} from '@tokenwatch/policy';

/** An owner (user) removed from the source system, e.g. from a Tableau `batch_revoke_personal_access_token`. */
export interface RemovedOwner {
  owner_id: string;
  removed_at: number;
}

export interface ComplianceInput {
  /** Inclusive start and exclusive end of the period (epoch ms). */
  from: number;
  to: number;
  /** When the report is built (the injected clock). */
  generatedAt: number;
  title?: string;
  tokens: readonly Token[];
  alerts: readonly Alert[];
  audit: readonly AlertAuditEntry[];
  removedOwners?: readonly RemovedOwner[];
  policy?: Partial<PolicySettings>;
}

export type TokenStatusAtEnd = 'active' | 'revoked' | 'expired' | 'unknown';

export interface InventoryRow {
  token_id: string;
  token_name: string;
  source: string;
  owner: string;
  created_at: number | null;
  expires_at: number | null;
  last_used_at: number | null;
  /** Whole days from creation (or first sight) to the period end. */
  age_days: number;
  status: TokenStatusAtEnd;
}

export interface ViolationRow {
  rule: ViolationRule;
  token_id: string;
  token_name: string;
  owner: string;
  /** The measured value (days; hours for owner_removed) and the threshold it broke; null when not a number. */
  value: number | null;
  threshold: number | null;
  detail: string;
}

export interface AlertRow {
  alert_id: string;
  detector: string;
  severity: string;
  token_id: string;
  title: string;
  raised_at: number;
  status: string;
  acknowledged_at: number | null;
  resolved_at: number | null;
  /** Milliseconds from the alert to the first human response (acknowledge, resolve or false positive). */
  time_to_acknowledge_ms: number | null;
  /** Milliseconds from the alert to resolved / false positive. */
  time_to_resolve_ms: number | null;
  handled_by: string;
}

export interface RevocationRow {
  token_id: string;
  token_name: string;
  owner: string;
  revoked_at: number;
  owner_removed_at: number | null;
  /** How long after the owner's removal the token was revoked (ms), when the owner was removed first. */
  delay_after_owner_removal_ms: number | null;
}

export interface Section<Row> {
  id: SectionId;
  title: string;
  controls: readonly ControlId[];
  rows: Row[];
}

export interface ComplianceSummary {
  tokens_total: number;
  tokens_active: number;
  tokens_revoked: number;
  tokens_expired: number;
  violations_total: number;
  violations_max_age: number;
  violations_no_expiry: number;
  violations_expiring_soon: number;
  violations_idle: number;
  violations_owner_removed: number;
  alerts_total: number;
  alerts_open: number;
  alerts_acknowledged: number;
  alerts_resolved: number;
  alerts_false_positive: number;
  median_time_to_acknowledge_ms: number | null;
  median_time_to_resolve_ms: number | null;
  revocations: number;
}

export interface ComplianceReport {
  kind: 'tokenwatch.compliance';
  version: 1;
  title: string;
  period: { from: number; to: number };
  generated_at: number;
  policy: PolicySettings;
  summary: ComplianceSummary;
  inventory: Section<InventoryRow>;
  violations: Section<ViolationRow>;
  alerts: Section<AlertRow>;
  revocations: Section<RevocationRow>;
}

const section = <Row>(id: SectionId, rows: Row[]): Section<Row> => ({
  id,
  title: SECTION_TITLES[id],
  controls: SECTION_CONTROLS[id],
  rows,
});

const ownerOf = (t: Token): string => t.owner_email ?? t.owner_id ?? '';

function statusAt(t: Token, at: number): TokenStatusAtEnd {
  if (t.revoked_at !== undefined && t.revoked_at <= at) return 'revoked';
  if (t.expires_at !== undefined && t.expires_at <= at) return 'expired';
  if (t.status === 'unknown') return 'unknown';
  return 'active';
}

/** A token belongs to the period when it existed at some instant of it. */
function existedDuring(t: Token, from: number, to: number): boolean {
  if (bornAt(t) >= to) return false;
  if (t.revoked_at !== undefined && t.revoked_at < from) return false;
  if (t.expires_at !== undefined && t.expires_at < from) return false;
  return true;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function violationsOf(t: Token, end: number, policy: PolicySettings, removedAt: number | undefined): ViolationRow[] {
  const base = { token_id: t.token_id, token_name: t.token_name ?? '', owner: ownerOf(t) };
  return evaluateTokenPolicy(t, end, policy, removedAt).map(({ rule, value, threshold, detail }) => ({
    ...base,
    rule,
    value,
    threshold,
    detail,
  }));
}

function alertRow(alert: Alert, trail: readonly AlertAuditEntry[]): AlertRow {
  const sorted = [...trail].sort((a, b) => a.at - b.at);
  const responded = sorted.find(
    (e) => e.to_status === 'acknowledged' || e.to_status === 'resolved' || e.to_status === 'false_positive',
  );
  const closed = sorted.find((e) => e.to_status === 'resolved' || e.to_status === 'false_positive');
  const raised = alert.created_at;
  return {
    alert_id: alert.alert_id,
    detector: alert.detector,
    severity: alert.severity,
    token_id: alert.token_id,
    title: alert.title,
    raised_at: raised,
    status: alert.status,
    acknowledged_at: responded?.at ?? null,
    resolved_at: closed?.at ?? null,
    time_to_acknowledge_ms: responded ? responded.at - raised : null,
    time_to_resolve_ms: closed ? closed.at - raised : null,
    handled_by: closed?.actor ?? responded?.actor ?? '',
  };
}

/**
 * Builds the compliance report for [from, to). Pure: everything it needs is in the input, including the clock.
 * Token status and policy checks are evaluated as of the period end; alert handling comes from the audit trail.
 */
export function buildComplianceReport(input: ComplianceInput): ComplianceReport {
  const { from, to } = input;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to))
    throw new RangeError(`report period must have from < to (got ${from} … ${to})`);
  const policy = resolvePolicy(input.policy);
  const removed = new Map<string, number>();
  for (const r of input.removedOwners ?? [])
    removed.set(r.owner_id, Math.min(r.removed_at, removed.get(r.owner_id) ?? Infinity));
  const removedAtOf = (t: Token) => (t.owner_id === undefined ? undefined : removed.get(t.owner_id));

  const tokens = input.tokens
    .filter((t) => existedDuring(t, from, to))
    .sort((a, b) => (a.token_id < b.token_id ? -1 : a.token_id > b.token_id ? 1 : 0));
  const inventory: InventoryRow[] = tokens.map((t) => ({
    token_id: t.token_id,
    token_name: t.token_name ?? '',
    source: t.source,
    owner: ownerOf(t),
    created_at: t.created_at ?? null,
    expires_at: t.expires_at ?? null,
    last_used_at: t.last_used_at ?? null,
    age_days: toDays(to - bornAt(t)),
    status: statusAt(t, to),
  }));
  const violations = tokens.flatMap((t) => violationsOf(t, to, policy, removedAtOf(t)));

  const trails = new Map<string, AlertAuditEntry[]>();
  for (const e of input.audit) trails.set(e.alert_id, [...(trails.get(e.alert_id) ?? []), e]);
  const alerts = input.alerts
    .filter((a) => a.created_at >= from && a.created_at < to)
    .sort((a, b) => a.created_at - b.created_at || (a.alert_id < b.alert_id ? -1 : 1))
    .map((a) => alertRow(a, trails.get(a.alert_id) ?? []));

  const revocations: RevocationRow[] = tokens
    .filter((t) => t.revoked_at !== undefined && t.revoked_at >= from && t.revoked_at < to)
    .sort((a, b) => a.revoked_at! - b.revoked_at!)
    .map((t) => {
      const removedAt = removedAtOf(t);
      const before = removedAt !== undefined && removedAt <= t.revoked_at!;
      return {
        token_id: t.token_id,
        token_name: t.token_name ?? '',
        owner: ownerOf(t),
        revoked_at: t.revoked_at!,
        owner_removed_at: removedAt ?? null,
        delay_after_owner_removal_ms: before ? t.revoked_at! - removedAt : null,
      };
    });

  const countRule = (rule: ViolationRule) => violations.filter((v) => v.rule === rule).length;
  const countStatus = (s: string) => alerts.filter((a) => a.status === s).length;
  const summary: ComplianceSummary = {
    tokens_total: inventory.length,
    tokens_active: inventory.filter((r) => r.status === 'active').length,
    tokens_revoked: inventory.filter((r) => r.status === 'revoked').length,
    tokens_expired: inventory.filter((r) => r.status === 'expired').length,
    violations_total: violations.length,
    violations_max_age: countRule('max_age'),
    violations_no_expiry: countRule('no_expiry'),
    violations_expiring_soon: countRule('expiring_soon'),
    violations_idle: countRule('idle'),
    violations_owner_removed: countRule('owner_removed'),
    alerts_total: alerts.length,
    alerts_open: countStatus('open'),
    alerts_acknowledged: countStatus('acknowledged'),
    alerts_resolved: countStatus('resolved'),
    alerts_false_positive: countStatus('false_positive'),
    median_time_to_acknowledge_ms: median(alerts.flatMap((a) => a.time_to_acknowledge_ms ?? [])),
    median_time_to_resolve_ms: median(alerts.flatMap((a) => a.time_to_resolve_ms ?? [])),
    revocations: revocations.length,
  };

  return {
    kind: 'tokenwatch.compliance',
    version: 1,
    title: input.title ?? 'Token compliance report',
    period: { from, to },
    generated_at: input.generatedAt,
    policy,
    summary,
    inventory: section('inventory', inventory),
    violations: section('violations', violations),
    alerts: section('alerts', alerts),
    revocations: section('revocations', revocations),
  };
}
