import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildComplianceReport, renderHtml, renderPdf, sampleComplianceInput } from './index';
import { inkCoverage } from './testing/png';

// Needs poppler-utils and chromium: scripts/system-deps.sh installs them (npm test runs it).
const RESULTS = join(process.cwd(), 'test-results');
const report = buildComplianceReport(sampleComplianceInput(Date.UTC(2026, 10, 1), 120));
const work = mkdtempSync(join(tmpdir(), 'tw-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rendered reports as a person sees them', () => {
  it('PDF pages rendered by pdftoppm are not blank', async () => {
    const pdf = await renderPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(work, 'report.pdf');
    writeFileSync(file, pdf);
    mkdirSync(RESULTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', file, join(RESULTS, 'compliance-report-page')]);
    const pages = readdirSync(RESULTS)
      .filter((f) => f.startsWith('compliance-report-page') && f.endsWith('.png'))
      .sort();
    // 128 inventory rows and the other sections do not fit on one landscape page.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) {
      const coverage = inkCoverage(readFileSync(join(RESULTS, page)));
      expect(coverage, page).toBeGreaterThan(0.005);
    }
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Policy violations');
    expect(text).toContain('tc:sales:forever');
  });

  it('HTML opens in headless Chromium with every table row, and is screenshotted', async () => {
    const file = join(work, 'report.html');
    writeFileSync(file, renderHtml(report));
    const context = await chromium.launchPersistentContext(mkdtempSync(join(work, 'profile-')), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    try {
      const page = await context.newPage();
      await page.goto('file://' + file);
      expect(await page.locator('#inventory tbody tr').count()).toBe(report.inventory.rows.length);
      expect(await page.locator('#violations tbody tr').count()).toBe(report.violations.rows.length);
      expect(await page.locator('h1').innerText()).toBe(report.title);
      mkdirSync(RESULTS, { recursive: true });
      const shot = await page.screenshot({ path: join(RESULTS, 'compliance-report.png'), fullPage: false });
      expect(inkCoverage(shot)).toBeGreaterThan(0.01);
    } finally {
      await context.close();
    }
  });
});
