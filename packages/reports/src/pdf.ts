import PDFDocument from 'pdfkit';
import type { ComplianceReport, Section } from './compliance';
import { CONTROLS, SECTION_IDS } from './controls';
import { contentDigest } from './digest';
import { humanDuration, isoDay, isoTime } from './format';

type Doc = InstanceType<typeof PDFDocument>;
const MARGIN = 36;
const ROW = 13;

// The built-in PDF fonts only cover Latin-1; anything else would print as garbage, so it prints as "?".
type Cell = string | number | null | undefined;
const latin1 = (value: Cell): string => String(value ?? '').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#1b1f24').text(latin1(text), MARGIN);
  const y = doc.y + 1;
  doc
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .lineWidth(1.5)
    .strokeColor('#1f6feb')
    .stroke();
  doc.y = y + 4;
}

function tableRows(doc: Doc, head: string[], widths: number[], rows: Cell[][]): void {
  const total = widths.reduce((a, b) => a + b, 0);
  const scale = (doc.page.width - 2 * MARGIN) / total;
  const w = widths.map((x) => x * scale);
  const drawRow = (cells: Cell[], bold: boolean, shade: string | null) => {
    ensureSpace(doc, ROW);
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y - 2, doc.page.width - 2 * MARGIN, ROW).fill(shade);
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(7.5)
      .fillColor('#1b1f24');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(latin1(c), x + 2, y, { width: w[i]! - 4, height: ROW, lineBreak: false, ellipsis: true });
      x += w[i]!;
    });
    doc.x = MARGIN;
    doc.y = y + ROW;
  };
  drawRow(head, true, '#eaeef2');
  if (rows.length === 0) drawRow(['None in this period.'], false, null);
  rows.forEach((r, i) => drawRow(r, false, i % 2 ? '#f6f8fa' : null));
}

function sectionTable<Row>(doc: Doc, s: Section<Row>, head: string[], widths: number[], cells: (r: Row) => Cell[]) {
  heading(doc, `${s.title} (${s.rows.length})`);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#57606a')
    .text('Evidences: ' + s.controls.map((id) => `${CONTROLS[id].framework} ${id}`).join(', '), MARGIN);
  doc.moveDown(0.3);
  tableRows(doc, head, widths, s.rows.map(cells));
}

/** The report as a landscape A4 PDF; resolves to the file's bytes. */
export function renderPdf(report: ComplianceReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: latin1(report.title),
      Author: 'tokenwatch',
      Subject: `content sha256 ${contentDigest(report)}`,
      CreationDate: new Date(report.generated_at),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const s = report.summary;
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#1b1f24').text(latin1(report.title));
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#57606a')
    .text(
      `Period ${isoTime(report.period.from)} to ${isoTime(report.period.to)} (end exclusive) - generated ${isoTime(report.generated_at)}`,
    )
    .text(
      `Policy: maximum age ${report.policy.maxAgeDays} days; expiring soon within ${report.policy.expiringSoonDays} days; idle expiry ` +
        (Object.entries(report.policy.idleExpiryDays)
          .map(([k, v]) => `${k} ${v} days`)
          .join(', ') || 'none') +
        `; owner-removal grace ${report.policy.ownerRemovalGraceHours} hours`,
    );
  heading(doc, 'Summary');
  tableRows(
    doc,
    [
      'Tokens',
      'Active',
      'Revoked',
      'Expired',
      'Violations',
      'Alerts',
      'Open alerts',
      'Median TTA',
      'Median TTR',
      'Revocations',
    ],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [
      [
        s.tokens_total,
        s.tokens_active,
        s.tokens_revoked,
        s.tokens_expired,
        s.violations_total,
        s.alerts_total,
        s.alerts_open,
        humanDuration(s.median_time_to_acknowledge_ms) || '-',
        humanDuration(s.median_time_to_resolve_ms) || '-',
        s.revocations,
      ],
    ],
  );
  heading(doc, 'Controls evidenced');
  tableRows(
    doc,
    ['Framework', 'Control', 'Requirement', 'Evidence in this report'],
    [2, 1, 6, 4],
    Object.values(CONTROLS).map((c) => [
      c.framework,
      c.id,
      c.title,
      SECTION_IDS.filter((id) => report[id].controls.includes(c.id))
        .map((id) => report[id].title)
        .join(', '),
    ]),
  );
  sectionTable(
    doc,
    report.inventory,
    ['Token', 'Name', 'Source', 'Owner', 'Created', 'Expires', 'Last used', 'Age', 'Status'],
    [5, 3, 2.5, 4, 1.8, 1.8, 1.8, 1, 1.5],
    (r) => [
      r.token_id,
      r.token_name,
      r.source,
      r.owner,
      isoDay(r.created_at),
      isoDay(r.expires_at),
      isoDay(r.last_used_at),
      r.age_days,
      r.status,
    ],
  );
  sectionTable(
    doc,
    report.violations,
    ['Rule', 'Token', 'Name', 'Owner', 'Value', 'Limit', 'Detail'],
    [2, 5, 3, 4, 1, 1, 6],
    (r) => [r.rule, r.token_id, r.token_name, r.owner, r.value ?? '', r.threshold ?? '', r.detail],
  );
  sectionTable(
    doc,
    report.alerts,
    ['Raised', 'Detector', 'Severity', 'Token', 'Status', 'TTA', 'TTR', 'Handled by', 'Title'],
    [3.2, 2.5, 1.5, 4, 2, 1.5, 1.5, 2.5, 5],
    (r) => [
      isoTime(r.raised_at),
      r.detector,
      r.severity,
      r.token_id,
      r.status,
      humanDuration(r.time_to_acknowledge_ms),
      humanDuration(r.time_to_resolve_ms),
      r.handled_by,
      r.title,
    ],
  );
  sectionTable(
    doc,
    report.revocations,
    ['Revoked', 'Token', 'Name', 'Owner', 'Owner removed', 'Delay after removal'],
    [3, 5, 3, 4, 3, 2],
    (r) => [
      isoTime(r.revoked_at),
      r.token_id,
      r.token_name,
      r.owner,
      isoTime(r.owner_removed_at),
      humanDuration(r.delay_after_owner_removal_ms),
    ],
  );

  const digest = contentDigest(report);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the bottom margin would otherwise make pdfkit open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#57606a')
      .text(`content sha256 ${digest} - page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 8, {
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
