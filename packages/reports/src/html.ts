import type { ComplianceReport, Section } from './compliance';
import { CONTROLS, SECTION_IDS, type ControlId } from './controls';
import { contentDigest } from './digest';
import { humanDuration, isoDay, isoTime } from './format';

type Cell = string | number | null | undefined;
const esc = (value: Cell): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const controlTags = (ids: readonly ControlId[]) =>
  ids
    .map(
      (id) => `<span class="ctl" title="${esc(CONTROLS[id].title)}">${esc(CONTROLS[id].framework)} ${esc(id)}</span>`,
    )
    .join(' ');

function table<Row>(s: Section<Row>, head: string[], cells: (r: Row) => Cell[]): string {
  const body = s.rows.length
    ? s.rows
        .map(
          (r) =>
            '<tr>' +
            cells(r)
              .map((c) => `<td>${esc(c)}</td>`)
              .join('') +
            '</tr>',
        )
        .join('\n')
    : `<tr><td colspan="${head.length}" class="none">None in this period.</td></tr>`;
  return `<section id="${s.id}"><h2>${esc(s.title)} <small>(${s.rows.length})</small></h2>
<p class="evidences">Evidences: ${controlTags(s.controls)}</p>
<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table></section>`;
}

/** A self-contained page (inline CSS, no scripts, no external resources) that prints well. */
export function renderHtml(report: ComplianceReport): string {
  const s = report.summary;
  const cards: [string, string | number][] = [
    ['Tokens', s.tokens_total],
    ['Active', s.tokens_active],
    ['Revoked', s.tokens_revoked],
    ['Policy violations', s.violations_total],
    ['Alerts', s.alerts_total],
    ['Open alerts', s.alerts_open],
    ['Median time to acknowledge', humanDuration(s.median_time_to_acknowledge_ms) || '—'],
    ['Median time to resolve', humanDuration(s.median_time_to_resolve_ms) || '—'],
  ];
  const matrix = Object.values(CONTROLS)
    .map(
      (c) =>
        `<tr><td>${esc(c.framework)}</td><td>${esc(c.id)}</td><td>${esc(c.title)}</td><td>${SECTION_IDS.filter((id) =>
          report[id].controls.includes(c.id),
        )
          .map((id) => `<a href="#${id}">${esc(report[id].title)}</a>`)
          .join(', ')}</td></tr>`,
    )
    .join('\n');
  const digest = contentDigest(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="tokenwatch-content-sha256" content="${digest}">
<title>${esc(report.title)}</title>
<style>
body{font:13px/1.4 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1b1f24}
h1{margin:0 0 4px;font-size:22px} h2{font-size:16px;margin:28px 0 4px;border-bottom:2px solid #1f6feb;padding-bottom:2px}
.meta{color:#57606a} .cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:120px;background:#f6f8fa}
.card b{display:block;font-size:20px} table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top} th{background:#eaeef2}
tr:nth-child(even) td{background:#fafbfc} .ctl{display:inline-block;background:#ddf4ff;border-radius:4px;padding:0 5px;margin:1px}
.none{color:#57606a;font-style:italic} footer{margin-top:28px;color:#57606a;font-size:11px;word-break:break-all}
</style></head><body>
<h1>${esc(report.title)}</h1>
<div class="meta">Period ${esc(isoTime(report.period.from))} to ${esc(isoTime(report.period.to))} (end exclusive) · generated ${esc(isoTime(report.generated_at))}<br>
Policy: maximum age ${report.policy.maxAgeDays} days · expiring soon within ${report.policy.expiringSoonDays} days · idle expiry ${esc(
    Object.entries(report.policy.idleExpiryDays)
      .map(([k, v]) => `${k} ${v} days`)
      .join(', ') || 'none',
  )} · owner-removal grace ${report.policy.ownerRemovalGraceHours} hours</div>
<div class="cards">${cards.map(([k, v]) => `<div class="card">${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>
<section id="controls"><h2>Controls evidenced</h2><table><thead><tr><th>Framework</th><th>Control</th><th>Requirement</th><th>Evidence in this report</th></tr></thead><tbody>
${matrix}
</tbody></table></section>
${table(report.inventory, ['Token', 'Name', 'Source', 'Owner', 'Created', 'Expires', 'Last used', 'Age (days)', 'Status'], (r) => [r.token_id, r.token_name, r.source, r.owner, isoDay(r.created_at), isoDay(r.expires_at), isoDay(r.last_used_at), r.age_days, r.status])}
${table(report.violations, ['Rule', 'Token', 'Name', 'Owner', 'Value', 'Threshold', 'Detail'], (r) => [r.rule, r.token_id, r.token_name, r.owner, r.value ?? '', r.threshold ?? '', r.detail])}
${table(report.alerts, ['Raised', 'Detector', 'Severity', 'Token', 'Status', 'Time to acknowledge', 'Time to resolve', 'Handled by', 'Title'], (r) => [isoTime(r.raised_at), r.detector, r.severity, r.token_id, r.status, humanDuration(r.time_to_acknowledge_ms), humanDuration(r.time_to_resolve_ms), r.handled_by, r.title])}
${table(report.revocations, ['Revoked', 'Token', 'Name', 'Owner', 'Owner removed', 'Delay after removal'], (r) => [isoTime(r.revoked_at), r.token_id, r.token_name, r.owner, isoTime(r.owner_removed_at), humanDuration(r.delay_after_owner_removal_ms)])}
<footer>Content SHA-256 (canonical JSON of the report data): ${digest}. Verify the file with <code>tokenwatch report verify FILE</code> against its <code>FILE.sha256</code>.</footer>
</body></html>
`;
}
