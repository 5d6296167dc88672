export { buildApp, API_VERSION, type App } from './app';
export {
  DEFAULT_OPTIONS,
  type AppDeps,
  type AppOptions,
  type AlertTriageStore,
  type SuppressionRegistry,
} from './deps';
export { generateApiKey, parseApiKey, publicView } from './api-keys';
export { apiKeyTokenId } from './key-use';
export { ERROR_CODES, type ErrorCode } from './errors';
export { ApiEnv, loadApiEnv, clickHouseOptions } from './env';
export { startApi } from './server';
