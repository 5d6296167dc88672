import { fileURLToPath } from 'node:url';
import { alertOperations } from './alerts';
import { renderDashboard, type DashboardSpec, type Json } from './grafana';
import { overview } from './overview';
import { pipelineHealth } from './pipeline';
import { tokenDrillDown } from './token';

/** Where the rendered dashboards live; docker-compose.yml mounts it into Grafana. */
export const DASHBOARD_JSON_DIR = fileURLToPath(new URL('../../../dashboards/json', import.meta.url));

/** Every dashboard, by the file name it is written to. */
export const DASHBOARDS: Record<string, DashboardSpec> = {
  'overview.json': overview,
  'token.json': tokenDrillDown,
  'pipeline.json': pipelineHealth,
  'alerts.json': alertOperations,
};

/** The exact file content for a dashboard (stable key order, two-space indent, trailing newline). */
export function dashboardFile(spec: DashboardSpec): string {
  return JSON.stringify(renderDashboard(spec) satisfies Json, null, 2) + '\n';
}
