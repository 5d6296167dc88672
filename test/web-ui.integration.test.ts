/**
 * The built-in web UI in a real browser: the API runs over a real ClickHouse seeded with realistic data, headless
 * Chromium (Debian's, driven by playwright-core) signs in with an API key, filters the alert list, opens an alert,
 * acknowledges it through the UI, and sees its status change — in the page and in the store. Screenshots of the
 * main pages go to test-results/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, generateApiKey, type App } from '@tokenwatch/api';
import { dropDatabase, migrate, openClickHouse, type ClickHouse } from '@tokenwatch/clickhouse';
import { seedSecurityData, type SeedSummary } from '@tokenwatch/dashboards';
import {
  createClickHouseAlertStore,
  createClickHouseApiKeyStore,
  createClickHouseEventStore,
  createClickHouseReadModel,
  createClickHouseSuppressionStore,
} from '@tokenwatch/store-clickhouse';
import { testServices, uniqueName } from '@tokenwatch/testkit';

const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

let db: ClickHouse;
let database: string;
let app: App;
let origin: string;
let seed: SeedSummary;
let secret: string;
let keyId: string;
let profile: string;
let browser: BrowserContext;
let page: Page;
/** Every URL the browser asked for: the UI must work offline, so all of them are this server's. */
const requested: string[] = [];

beforeAll(async () => {
  database = uniqueName('tw_test_ui');
  db = await openClickHouse({ url: testServices().clickhouseUrl, database });
  await migrate(db);
  seed = await seedSecurityData(db, Date.now());
  const apiKeys = createClickHouseApiKeyStore(db);
  const key = generateApiKey({ name: 'ui-test', scopes: ['read', 'triage'], createdBy: 'test', now: Date.now() });
  await apiKeys.put(key.record);
  secret = key.secret;
  keyId = key.record.key_id;
  app = await buildApp(
    {
      readModel: createClickHouseReadModel(db),
      alerts: createClickHouseAlertStore(db),
      suppressions: createClickHouseSuppressionStore(db),
      apiKeys,
      keyUse: createClickHouseEventStore(db),
      now: Date.now,
    },
    { logLevel: false },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('API is not listening on a TCP port');
  origin = `http://127.0.0.1:${address.port}`;

  mkdirSync(SCREENSHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'tw-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('request', (request) => requested.push(request.url()));
});

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await app?.close();
  await db?.close();
  if (database) await dropDatabase({ url: testServices().clickhouseUrl }, database);
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const statusOf = (row: ReturnType<Page['locator']>) => row.locator('[data-status]').first().getAttribute('data-status');

describe('web UI in headless Chromium', () => {
  it('asks for an API key, rejects a wrong one, and signs in with a good one', async () => {
    await page.goto(`${origin}/ui/alerts`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await shot('login');
    await page.fill('input[name=api_key]', 'twk_0000000000000000_wrong');
    await Promise.all([page.waitForURL(/\/ui\/login$/), page.click('button:has-text("Sign in")')]);
    await expect(page.locator('.error').textContent()).resolves.toContain('not accepted');
    await page.fill('input[name=api_key]', secret);
    await Promise.all([page.waitForURL(/\/ui\/alerts$/), page.click('button:has-text("Sign in")')]);
    expect(new URL(page.url()).pathname).toBe('/ui/alerts');
    expect(await page.locator('table.alerts tbody tr').count()).toBeGreaterThan(10);
    await shot('alerts');
  });

  it('filters the alert list by status and severity', async () => {
    await page.selectOption('select[name=status]', ['open']);
    await page.selectOption('select[name=severity]', ['high', 'critical']);
    await Promise.all([page.waitForURL(/severity=critical/), page.click('button:has-text("Filter")')]);
    const rows = page.locator('table.alerts tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      expect(await statusOf(row)).toBe('open');
      expect(await row.locator('.badge').first().textContent()).toMatch(/^(high|critical)$/);
    }
    await shot('alerts-filtered');
  });

  it('opens an alert with its explanation and evidence, acknowledges it, and sees the status change', async () => {
    const row = page.locator('table.alerts tbody tr').first();
    const alertId = (await row.getAttribute('data-alert-id'))!;
    await Promise.all([page.waitForURL(/\/ui\/alerts\/[^?]+$/), row.locator('td a').first().click()]);
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/ui/alerts/${alertId}`);
    await expect(page.locator('.explanation').textContent()).resolves.toMatch(/token .+/);
    expect(await page.locator('table.evidence tr').count()).toBeGreaterThan(0);
    expect(await page.locator('h1 + p [data-status]').getAttribute('data-status')).toBe('open');
    await shot('alert-detail');

    await Promise.all([page.waitForURL(/done=acknowledge/), page.click('button:has-text("Acknowledge")')]);
    expect(await page.locator('h1 + p [data-status]').getAttribute('data-status')).toBe('acknowledged');
    await expect(page.locator('.flash').textContent()).resolves.toContain('is now acknowledged');
    await expect(page.locator('table.audit').textContent()).resolves.toContain(`apikey:${keyId}(ui-test)`);
    await shot('alert-acknowledged');

    // The store agrees: the API (and so every other client) sees the new status and the audit entry.
    const response = await app.inject({
      url: `/v1/alerts/${encodeURIComponent(alertId)}`,
      headers: { authorization: `Bearer ${secret}` },
    });
    const detail = response.json<{ alert: { status: string }; audit: { action: string; actor: string }[] }>();
    expect(detail.alert.status).toBe('acknowledged');
    expect(detail.audit.map((e) => e.action)).toContain('acknowledged');

    // Comment and resolve through the forms too.
    await page.fill('textarea[name=note]', 'rotated the token; owner confirmed the new network');
    await Promise.all([page.waitForURL(/done=comment/), page.click('button:has-text("Comment")')]);
    await expect(page.locator('table.audit').textContent()).resolves.toContain('owner confirmed the new network');
    await page.fill('input[aria-label="resolution note"]', 'rotated');
    await Promise.all([page.waitForURL(/done=resolve/), page.click('button:has-text("Resolve")')]);
    expect(await page.locator('h1 + p [data-status]').getAttribute('data-status')).toBe('resolved');
  });

  it('shows a token with its usage chart, networks and timeline', async () => {
    await page.goto(`${origin}/ui/tokens/${encodeURIComponent(seed.busyTokenId)}`);
    await expect(page.locator('h1').textContent()).resolves.toBeTruthy();
    expect(await page.locator('svg.chart g.bar').count()).toBeGreaterThan(24);
    expect(await page.locator('table.usage').first().locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('table.timeline tbody tr').count()).toBeGreaterThan(10);
    await shot('token');
  });

  it('lists tokens and links the compliance report', async () => {
    await page.goto(`${origin}/ui/tokens?expiring_days=30`);
    expect(await page.locator('table.tokens tbody tr').count()).toBeGreaterThan(0);
    await shot('tokens');
    await Promise.all([page.waitForURL(/\/ui\/reports$/), page.click('header nav a:has-text("Reports")')]);
    const href = await page.locator('#compliance-last-30').getAttribute('href');
    expect(href).toMatch(/^\/ui\/reports\/compliance\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&format=html$/);
    await shot('reports');
  });

  it('loaded nothing from anywhere but the API itself', () => {
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => !url.startsWith(origin + '/'))).toEqual([]);
  });
});
