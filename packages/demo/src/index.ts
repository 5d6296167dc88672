export { generateDemo } from './generate';
export type { Demo, DemoFile, DemoIncident, DemoOptions, DemoToken, DemoUser, ActivityRecord } from './model';
