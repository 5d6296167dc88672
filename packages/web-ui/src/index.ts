export { webUi, type WebUiOptions } from './plugin';
export { usageChart, niceStep, type ChartOptions, type UsagePoint } from './chart';
export { html, escapeHtml, Html } from './html';
