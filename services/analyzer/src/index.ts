export { Analyzer, type AnalyzerDeps, type AnalyzerCounters } from './analyzer';
export { AnalyzerEnv, loadAnalyzerEnv } from './env';
export { startAnalyzer, openStores, storesOf, loadDetectorSettings, type RunningAnalyzer } from './consumer';
export { replayRange, type ReplayRangeOptions, type ReplayRangeResult } from './replay-range';
export { runPolicyScan, type PolicyScanDeps, type PolicyScanResult } from './policy-scan';
export { raiseFindings, type RaiseDeps, type RaiseCounts } from './raise';
export { withBatchRevocations, type BatchRevocationDeps } from './batch-revocations';
export { runIpSprayScan, type IpSprayScanDeps } from './ip-spray-scan';
