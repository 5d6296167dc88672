export { DASHBOARDS, DASHBOARD_JSON_DIR, dashboardFile } from './dashboards';
export {
  DATASOURCE,
  renderDashboard,
  type DashboardSpec,
  type PanelSpec,
  type VariableSpec,
  type ColumnExpectation,
  type Json,
} from './grafana';
export { grafanaSql, interpolateVariables, expandMacros, GrafanaSqlError, type GrafanaQueryContext } from './macros';
export {
  loadDashboardFiles,
  relativeTime,
  grafanaInterval,
  type DashboardFile,
  type GrafanaDashboard,
  type GrafanaPanel,
  type GrafanaTarget,
  type GrafanaVariable,
} from './dashboard-files';
export { seedSecurityData, type SeedSummary, type SeededToken } from './seed';
