import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS, DASHBOARD_JSON_DIR } from './dashboards';
import { loadDashboardFiles } from './dashboard-files';
import { renderDashboard } from './grafana';
import { grafanaSql, interpolateVariables, GrafanaSqlError } from './macros';

const root = join(DASHBOARD_JSON_DIR, '..', '..');
const files = loadDashboardFiles();

function provisionedDatasources(): { uid: string; type: string }[] {
  const dir = join(root, 'dashboards/provisioning/datasources');
  return readdirSync(dir).flatMap(
    (f) => (parse(readFileSync(join(dir, f), 'utf8')) as { datasources: { uid: string; type: string }[] }).datasources,
  );
}

describe('dashboard JSON files', () => {
  it('are exactly what the specs render (run `npm run dashboards` after editing a spec)', () => {
    expect(files.map((f) => f.file)).toEqual(Object.keys(DASHBOARDS).sort());
    for (const { file, dashboard } of files) expect(dashboard, file).toEqual(renderDashboard(DASHBOARDS[file]!));
  });

  it('have unique dashboard uids and unique panel ids within each dashboard', () => {
    const uids = files.map((f) => f.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { file, dashboard } of files) {
      expect(dashboard.uid, file).toMatch(/^[a-z0-9-]{1,40}$/);
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
    }
  });

  it('reference only the provisioned ClickHouse data source, from every panel, target and variable', () => {
    const datasources = provisionedDatasources();
    expect(datasources.map((d) => d.uid)).toContain('tokenwatch-clickhouse');
    const resolves = (ref: { type?: string; uid?: string } | undefined, where: string) => {
      const match = datasources.find((d) => d.uid === ref?.uid);
      expect(match, `${where}: data source ${JSON.stringify(ref)} is not provisioned`).toBeDefined();
      expect(ref?.type, where).toBe(match?.type);
    };
    for (const { file, dashboard } of files) {
      for (const v of dashboard.templating.list) resolves(v.datasource, `${file} variable ${v.name}`);
      for (const panel of dashboard.panels) {
        resolves(panel.datasource, `${file} panel ${panel.title}`);
        for (const t of panel.targets ?? []) resolves(t.datasource, `${file} panel ${panel.title} target ${t.refId}`);
      }
    }
  });

  it('give every panel at least one SQL target, using only variables the dashboard defines', () => {
    for (const { file, dashboard } of files) {
      const defined = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, 'x']));
      for (const panel of dashboard.panels) {
        expect(panel.targets?.length, `${file}: ${panel.title}`).toBeGreaterThan(0);
        for (const t of panel.targets ?? []) {
          expect(t.rawSql?.trim(), `${file}: ${panel.title}`).toBeTruthy();
          expect(() => interpolateVariables(t.rawSql!, defined), `${file}: ${panel.title}`).not.toThrow();
          // Time series must be returned sorted by time for the plugin's long-to-wide conversion.
          if (panel.type === 'timeseries') expect(t.rawSql, `${file}: ${panel.title}`).toMatch(/ORDER BY time\b/);
        }
      }
    }
  });

  it('lay panels on the 24-column grid without overlaps', () => {
    for (const { file, dashboard } of files) {
      const cells = new Set<string>();
      for (const { gridPos: g, title } of dashboard.panels) {
        expect(g.x + g.w, `${file}: ${title}`).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++)
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${file}: ${title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
      }
    }
  });

  it('are where the provisioning provider and docker-compose.yml look for them', () => {
    const provider = parse(readFileSync(join(root, 'dashboards/provisioning/dashboards/tokenwatch.yaml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
      services: { grafana: { volumes: string[] } };
    };
    const mounts = compose.services.grafana.volumes.map((v) => v.split(':'));
    const path = provider.providers[0]!.options.path;
    const mount = mounts.find(([, container]) => path.startsWith(container + '/'));
    expect(mount, `nothing mounts ${path}`).toBeDefined();
    expect(join(root, mount![0]!, path.slice(mount![1]!.length))).toBe(DASHBOARD_JSON_DIR);
  });
});

describe('Grafana SQL expansion', () => {
  const ctx = { from: 1_767_225_600_000, to: 1_767_312_000_000, intervalSeconds: 60, variables: { token: "a'b" } };

  it('expands the plugin macros as its backend does', () => {
    expect(grafanaSql('WHERE $__timeFilter(occurred_at)', ctx)).toBe(
      'WHERE occurred_at >= toDateTime(1767225600) AND occurred_at <= toDateTime(1767312000)',
    );
    expect(grafanaSql('$__fromTime $__toTime $__interval_s', ctx)).toBe(
      'toDateTime(1767225600) toDateTime(1767312000) 60',
    );
    expect(grafanaSql('$__timeInterval(t)', ctx)).toBe('toStartOfInterval(toDateTime(t), INTERVAL 60 second)');
    expect(grafanaSql('$__dateFilter(d)', ctx)).toBe("d >= toDate('2026-01-01') AND d <= toDate('2026-01-02')");
  });

  it('interpolates variables, quoting with the singlequote format', () => {
    expect(grafanaSql('token_id = ${token:singlequote}', ctx)).toBe("token_id = 'a\\'b'");
    expect(grafanaSql('x = $token OR y = ${token} OR z = [[token]]', ctx)).toBe("x = a'b OR y = a'b OR z = a'b");
  });

  it('rejects unknown macros, unknown variables and bad arguments', () => {
    expect(() => grafanaSql('$__nope', ctx)).toThrow(GrafanaSqlError);
    expect(() => grafanaSql('$other', ctx)).toThrow(GrafanaSqlError);
    expect(() => grafanaSql('$__timeFilter(a, b)', ctx)).toThrow(GrafanaSqlError);
    expect(() => grafanaSql('${token:csv}', ctx)).toThrow(GrafanaSqlError);
  });
});
