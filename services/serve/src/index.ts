export { startServe, DATABASE_FILE, ADMIN_KEY_FILE, type ServeOptions, type RunningServe } from './serve';
export { createLocalIntake } from './intake';
export { importFiles, listFiles, type ImportSummary } from './files';
export { ServeEnv, loadServeEnv } from './env';
