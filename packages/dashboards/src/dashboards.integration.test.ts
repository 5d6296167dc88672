/**
 * Runs every panel and variable query of every committed dashboard against a real ClickHouse (18.16 here) seeded
 * with realistic data, after substituting template variables and expanding the plugin's macros exactly as
 * Grafana would, and checks each returns the columns its panel needs.
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase, testServices } from '@tokenwatch/testkit';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { DASHBOARDS } from './dashboards';
import { grafanaInterval, loadDashboardFiles, relativeTime } from './dashboard-files';
import type { ColumnExpectation } from './grafana';
import { grafanaSql, type GrafanaQueryContext } from './macros';
import { seedSecurityData, type SeedSummary } from './seed';

interface Result {
  meta: { name: string; type: string }[];
  data: Record<string, unknown>[];
}

const KIND: Record<ColumnExpectation['kind'], RegExp> = {
  time: /^(Nullable\()?DateTime\b/,
  number: /^(Nullable\()?(U?Int\d+|Float\d+|Decimal)/,
  string: /^(Nullable\()?(LowCardinality\()?String/,
  any: /./,
};

// One database for the whole file: seeding takes a second, the queries are read-only.
let release: () => void = () => {};
let ready: Promise<{ db: ClickHouse; client: ClickHouseClient; seed: SeedSummary }>;
const done = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  ready = new Promise((resolveReady, rejectReady) => {
    withTestDatabase(async (db) => {
      const client = createClient({
        url: testServices().clickhouseUrl,
        database: db.database,
        clickhouse_settings: {},
        compression: { request: false, response: false },
      });
      try {
        const seed = await seedSecurityData(db, Date.now());
        resolveReady({ db, client, seed });
        await done;
      } finally {
        await client.close();
      }
    }).catch(rejectReady);
  });
  await ready;
});

afterAll(() => release());

async function run(client: ClickHouseClient, sql: string): Promise<Result> {
  const result = await client.query({ query: sql, format: 'JSON' });
  return result.json() as Promise<Result>;
}

describe.each(loadDashboardFiles())('$file', ({ file, dashboard }) => {
  const spec = DASHBOARDS[file]!;

  async function context(): Promise<GrafanaQueryContext & { client: ClickHouseClient; seed: SeedSummary }> {
    const { client, seed } = await ready;
    const to = Date.now();
    const from = relativeTime(dashboard.time.from, to);
    const base = { from, to, intervalSeconds: grafanaInterval(to - from), variables: {} as Record<string, string> };
    // Variables are resolved in order, each by its own query, as Grafana does on load.
    for (const variable of dashboard.templating.list) {
      const { data, meta } = await run(client, grafanaSql(variable.query ?? '', base));
      expect(meta.length, `variable ${variable.name}`).toBe(1);
      const values = data.map((row) => String(row[meta[0]!.name]));
      expect(values.length, `variable ${variable.name} has no values`).toBeGreaterThan(0);
      expect(values).toContain(seed.busyTokenId);
      base.variables[variable.name] = values.includes(seed.busyTokenId) ? seed.busyTokenId : values[0]!;
    }
    return { ...base, client, seed };
  }

  it.each(dashboard.panels.map((panel) => ({ title: panel.title, panel })))(
    'panel "$title" runs and returns its columns',
    async ({ panel }) => {
      const expected = spec.panels[panel.id - 1]!;
      expect(expected.title).toBe(panel.title);
      const ctx = await context();
      for (const target of panel.targets ?? []) {
        const sql = grafanaSql(target.rawSql ?? '', ctx);
        const result = await run(ctx.client, sql).catch((error: unknown) => {
          throw new Error(`${file} / ${panel.title} failed on ClickHouse:\n${String(error)}\n${sql}`);
        });
        expect(result.meta.map((c) => c.name)).toEqual(expected.columns.map((c) => c.name));
        for (const [i, column] of expected.columns.entries())
          expect(result.meta[i]!.type, `${panel.title}.${column.name}`).toMatch(KIND[column.kind]);
        // The seed has something for every panel; an empty result means the SQL is wrong, not the data.
        expect(result.data.length, `${panel.title} returned no rows`).toBeGreaterThan(0);
        if (panel.type === 'timeseries') {
          const times = result.data.map((r) => String(r.time));
          expect(times).toEqual([...times].sort());
        }
      }
    },
  );
});

describe('panel values agree with the seeded data', () => {
  async function single(file: string, title: string, range = '24h'): Promise<number> {
    const { client } = await ready;
    const dashboard = loadDashboardFiles().find((f) => f.file === file)!.dashboard;
    const panel = dashboard.panels.find((p) => p.title === title)!;
    const to = Date.now();
    const from = relativeTime(`now-${range}`, to);
    const { data, meta } = await run(
      client,
      grafanaSql(panel.targets![0]!.rawSql!, { from, to, intervalSeconds: 60, variables: {} }),
    );
    return Number(data[0]![meta[0]!.name]);
  }

  it('counts distinct events (redelivered duplicates once) and failures in the range', async () => {
    const { seed } = await ready;
    const to = Math.floor(Date.now() / 1000) * 1000;
    const from = to - 24 * 3_600_000;
    const events = await single('overview.json', 'Events');
    // The macro works in whole seconds; the seed in ms. Allow the events of the boundary second.
    expect(Math.abs(events - seed.eventsBetween(from, to + 999))).toBeLessThanOrEqual(5);
    const failures = await single('overview.json', 'Failed events');
    expect(Math.abs(failures - seed.failuresBetween(from, to + 999))).toBeLessThanOrEqual(2);
  });

  it('finds the networks first used today and the tokens expiring within 14 days', async () => {
    const { seed } = await ready;
    expect(await single('overview.json', 'New networks today')).toBe(seed.newNetworksToday);
    expect(seed.newNetworksToday).toBeGreaterThanOrEqual(2);
    expect(await single('overview.json', 'Tokens expiring in 14 days')).toBe(seed.expiringIn14Days);
    expect(seed.expiringIn14Days).toBeGreaterThan(0);
  });

  it('counts open alerts and the false-positive rate of closed ones', async () => {
    const { seed } = await ready;
    expect(await single('alerts.json', 'Open alerts')).toBe(seed.alerts.open);
    expect(seed.alerts.open).toBeGreaterThan(0);
    expect(await single('alerts.json', 'False-positive rate', '7d')).toBeCloseTo(
      seed.alerts.falsePositive / seed.alerts.closed,
      6,
    );
  });
});
