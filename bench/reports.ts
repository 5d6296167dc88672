/**
 * How long building and rendering a compliance report takes for a large inventory, per format.
 * Run by hand: `node --import tsx bench/reports.ts [tokens]` (default 10 000 tokens). Prints figures, asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { buildComplianceReport, renderReport, REPORT_FORMATS, sampleComplianceInput } from '@tokenwatch/reports';

const tokens = Number(process.argv[2] ?? 10_000);
const input = sampleComplianceInput(Date.UTC(2026, 10, 1), tokens);
let t = performance.now();
const report = buildComplianceReport(input);
console.log(
  `build: ${input.tokens.length} tokens, ${report.violations.rows.length} violations in ${(performance.now() - t).toFixed(0)} ms`,
);
for (const format of REPORT_FORMATS) {
  t = performance.now();
  const bytes = await renderReport(report, format);
  console.log(
    `render ${format.padEnd(4)}: ${(bytes.length / 1024).toFixed(0).padStart(6)} KiB in ${(performance.now() - t).toFixed(0)} ms`,
  );
}
