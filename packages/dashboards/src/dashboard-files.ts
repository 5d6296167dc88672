/** Reading the committed dashboard JSON the way Grafana's file provider does: every *.json in the folder. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_JSON_DIR } from './dashboards';

export interface GrafanaTarget {
  refId: string;
  datasource?: { type?: string; uid?: string };
  rawSql?: string;
  format?: number;
  queryType?: string;
}

export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: GrafanaTarget[];
}

export interface GrafanaVariable {
  name: string;
  type: string;
  query?: string;
  datasource?: { type?: string; uid?: string };
}

export interface GrafanaDashboard {
  uid: string;
  title: string;
  time: { from: string; to: string };
  templating: { list: GrafanaVariable[] };
  panels: GrafanaPanel[];
}

export interface DashboardFile {
  file: string;
  dashboard: GrafanaDashboard;
}

export function loadDashboardFiles(dir: string = DASHBOARD_JSON_DIR): DashboardFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) as GrafanaDashboard }));
}

/** Grafana's relative range ("now-24h", "now-7d", "now-30m") as epoch ms, given now. */
export function relativeTime(expression: string, now: number): number {
  if (expression === 'now') return now;
  const match = /^now-(\d+)([mhdw])$/.exec(expression);
  if (!match) throw new Error(`unsupported relative time ${JSON.stringify(expression)}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return now - Number(match[1]) * unit;
}

/**
 * The interval Grafana would pick for a range: range / max data points, rounded up to a "nice" step, as its
 * interval calculator does (1 s, 5 s, 10 s, 30 s, 1 m, 5 m, 10 m, 30 m, 1 h, …).
 */
export function grafanaInterval(rangeMs: number, maxDataPoints = 1000): number {
  const steps = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400];
  const raw = rangeMs / 1000 / maxDataPoints;
  return steps.find((s) => s >= raw) ?? 86400;
}
