import type { ComplianceReport } from './compliance';
import { renderCsv } from './csv';
import { canonicalJson, contentDigest } from './digest';
import { renderHtml } from './html';
import { renderPdf } from './pdf';

export const REPORT_FORMATS = ['json', 'csv', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** JSON rendering: the report plus `integrity.content_sha256` over the canonical JSON of everything else. */
export function renderJson(report: ComplianceReport): string {
  const withDigest = { ...report, integrity: { algorithm: 'sha256', content_sha256: contentDigest(report) } };
  return JSON.stringify(JSON.parse(canonicalJson(withDigest)), null, 2) + '\n';
}

export async function renderReport(report: ComplianceReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(renderJson(report));
    case 'csv':
      return Buffer.from(renderCsv(report));
    case 'html':
      return Buffer.from(renderHtml(report));
    case 'pdf':
      return renderPdf(report);
  }
}
