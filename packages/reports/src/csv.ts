import type { ComplianceReport } from './compliance';
import { SECTION_IDS } from './controls';
import { contentDigest } from './digest';
import { isoTime } from './format';

/**
 * One flat table so any spreadsheet or CSV reader takes it as it is: `section` says what a row is, the other
 * columns are filled where they apply. Times are ISO-8601 UTC; durations are milliseconds, exactly as in JSON.
 */
export const CSV_COLUMNS = [
  'section',
  'metric',
  'value',
  'token_id',
  'token_name',
  'owner',
  'source',
  'status',
  'created_at',
  'expires_at',
  'last_used_at',
  'age_days',
  'threshold',
  'alert_id',
  'detector',
  'severity',
  'raised_at',
  'acknowledged_at',
  'resolved_at',
  'time_to_acknowledge_ms',
  'time_to_resolve_ms',
  'handled_by',
  'revoked_at',
  'owner_removed_at',
  'delay_after_owner_removal_ms',
  'detail',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type CsvRow = Partial<Record<Column, string | number | null>>;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // Spreadsheets run cells starting with these as formulas; token names come from outside.
  const safe = /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
  return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

export function renderCsv(report: ComplianceReport): string {
  const rows: CsvRow[] = [
    { section: 'report', metric: 'title', detail: report.title },
    { section: 'report', metric: 'period_from', detail: isoTime(report.period.from) },
    { section: 'report', metric: 'period_to', detail: isoTime(report.period.to) },
    { section: 'report', metric: 'generated_at', detail: isoTime(report.generated_at) },
    { section: 'report', metric: 'content_sha256', detail: contentDigest(report) },
    ...Object.entries(report.summary).map(([metric, value]: [string, number | null]) => ({
      section: 'summary',
      metric,
      value,
    })),
    ...SECTION_IDS.map((id) => ({ section: 'controls', metric: id, detail: report[id].controls.join(' ') })),
    ...report.inventory.rows.map((r) => ({
      section: 'inventory',
      ...r,
      created_at: isoTime(r.created_at),
      expires_at: isoTime(r.expires_at),
      last_used_at: isoTime(r.last_used_at),
    })),
    ...report.violations.rows.map((r) => ({ section: 'violations', metric: r.rule, ...r })),
    ...report.alerts.rows.map((r) => ({
      section: 'alerts',
      ...r,
      detail: r.title,
      raised_at: isoTime(r.raised_at),
      acknowledged_at: isoTime(r.acknowledged_at),
      resolved_at: isoTime(r.resolved_at),
    })),
    ...report.revocations.rows.map((r) => ({
      section: 'revocations',
      ...r,
      revoked_at: isoTime(r.revoked_at),
      owner_removed_at: isoTime(r.owner_removed_at),
    })),
  ];
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((c) => cell(row[c] as string | number | null)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF): what the tests and `report verify` read CSV back with. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
