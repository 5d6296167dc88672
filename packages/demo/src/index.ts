export { generateDemo } from './generate';
export type { Demo, DemoFile, DemoIncident, DemoOptions, DemoToken, DemoUser, ActivityRecord } from './model';
export { writeDemo, DEMO_LOGS_DIR } from './write';
