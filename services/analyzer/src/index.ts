export { Analyzer, type AnalyzerDeps, type AnalyzerCounters } from './analyzer';
export { AnalyzerEnv, loadAnalyzerEnv } from './env';
export { startAnalyzer, openStores, storesOf, loadDetectorSettings, type RunningAnalyzer } from './consumer';
export { replayRange, type ReplayRangeOptions, type ReplayRangeResult } from './replay-range';
