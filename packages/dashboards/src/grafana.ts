/**
 * Builders for the Grafana dashboard JSON we commit under dashboards/json. The dashboards are written as data in
 * TypeScript (SQL readable as template strings, one place for layout rules) and rendered to JSON by
 * `npm run dashboards`; a test checks the committed JSON is exactly what this renders.
 */

/** The provisioned data source (dashboards/provisioning/datasources/clickhouse.yaml). */
export const DATASOURCE = { type: 'grafana-clickhouse-datasource', uid: 'tokenwatch-clickhouse' } as const;

/** Targets saved by plugin v4+ are used as they are; older ones are migrated by the plugin on load. */
const PLUGIN_VERSION = '4.11.0';

export type PanelType = 'timeseries' | 'stat' | 'table' | 'barchart' | 'piechart';

/** What a panel's query must return: column names in order, and which of them must be numeric / time. */
export interface ColumnExpectation {
  name: string;
  kind: 'time' | 'number' | 'string' | 'any';
}

export interface PanelSpec {
  type: PanelType;
  title: string;
  description: string;
  /** Width in grid units (24 = full row) and height. */
  w: number;
  h: number;
  sql: string;
  columns: ColumnExpectation[];
  unit?: string;
  /** Column name → URL template (Grafana data link), e.g. a token id linking to the drill-down. */
  links?: Record<string, string>;
}

export interface VariableSpec {
  name: string;
  label: string;
  /** Query returning one column of values. */
  sql: string;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  /** Grafana relative time, e.g. "now-24h". */
  from: string;
  variables: VariableSpec[];
  panels: PanelSpec[];
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Query kinds of the ClickHouse plugin (v4): `format` 0 = time series (long → wide), 1 = table. */
function target(sql: string, type: PanelType): Json {
  const timeSeries = type === 'timeseries';
  return {
    refId: 'A',
    datasource: { ...DATASOURCE },
    editorType: 'sql',
    pluginVersion: PLUGIN_VERSION,
    queryType: timeSeries ? 'timeseries' : 'table',
    format: timeSeries ? 0 : 1,
    rawSql: sql.trim(),
  };
}

function fieldConfig(panel: PanelSpec): Json {
  const overrides: Json[] = Object.entries(panel.links ?? {}).map(([column, url]) => ({
    matcher: { id: 'byName', options: column },
    properties: [{ id: 'links', value: [{ title: `open ${column}`, url }] }],
  }));
  return { defaults: { unit: panel.unit ?? 'short' }, overrides };
}

function options(type: PanelType): Json {
  switch (type) {
    case 'stat':
      return { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' };
    case 'table':
      return { showHeader: true, cellHeight: 'sm' };
    case 'timeseries':
      return {
        legend: { displayMode: 'table', placement: 'right', calcs: ['sum', 'max'] },
        tooltip: { mode: 'multi' },
      };
    case 'barchart':
      return { orientation: 'horizontal', legend: { showLegend: false } };
    case 'piechart':
      return { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true }, legend: { displayMode: 'table' } };
  }
}

/** Lays panels out left to right, wrapping into rows of 24 grid units. */
function layout(panels: PanelSpec[]): { x: number; y: number }[] {
  const positions: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const panel of panels) {
    if (x + panel.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    positions.push({ x, y });
    x += panel.w;
    rowHeight = Math.max(rowHeight, panel.h);
  }
  return positions;
}

export function renderDashboard(spec: DashboardSpec): Json {
  const positions = layout(spec.panels);
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    timezone: 'utc',
    editable: true,
    refresh: '1m',
    schemaVersion: 39,
    version: 1,
    time: { from: spec.from, to: 'now' },
    templating: {
      list: spec.variables.map((v) => ({
        name: v.name,
        label: v.label,
        type: 'query',
        datasource: { ...DATASOURCE },
        query: v.sql.trim(),
        definition: v.sql.trim(),
        refresh: 2,
        multi: false,
        includeAll: false,
        sort: 1,
      })),
    },
    links: [{ title: 'tokenwatch', type: 'dashboards', tags: ['tokenwatch'], asDropdown: true }],
    panels: spec.panels.map((panel, index) => ({
      id: index + 1,
      type: panel.type,
      title: panel.title,
      description: panel.description,
      gridPos: { ...positions[index]!, w: panel.w, h: panel.h },
      datasource: { ...DATASOURCE },
      targets: [target(panel.sql, panel.type)],
      fieldConfig: fieldConfig(panel),
      options: options(panel.type),
    })),
  };
}
