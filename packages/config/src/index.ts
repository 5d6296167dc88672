export { loadEnv, ConfigError, envBoolean, envList, envDuration } from './load-env';
