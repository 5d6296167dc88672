export { DetectorSettings, detectorSettings, TIME } from './settings';
export {
  type TokenState,
  type Lifecycle,
  type RecentUse,
  type RecentFailure,
  type Episode,
  emptyState,
  cloneState,
  serializeState,
  deserializeState,
  pruneState,
} from './state';
export { type Geo } from './context';
export {
  type Finding,
  type FindingOutcome,
  alertId,
  applyFinding,
  suppressionMatches,
  findSuppression,
} from './finding';
export { processEvent, windowsOf, type ProcessResult, type ProcessStatus } from './engine';
export { replay, type ReplayOptions, type ReplayResult } from './replay';
export { parseCidr, cidrContains, distanceKm, type Cidr } from './network';
export { expectedCount, spikeThreshold, hourOf, detectSilence } from './volume';
export { T0, MIN, HOUR, DAY, tokenEvent, spread, byTime, type EventSpec } from './scenario';
export { policyFindings } from './policy';
export { detectIpSpray, type IpFailureRow } from './ip-spray';
