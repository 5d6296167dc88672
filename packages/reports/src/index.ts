export {
  buildComplianceReport,
  type ComplianceInput,
  type ComplianceReport,
  type ComplianceSummary,
  type InventoryRow,
  type ViolationRow,
  type AlertRow,
  type RevocationRow,
  type RemovedOwner,
  type Section,
} from './compliance';
export { CONTROLS, SECTION_CONTROLS, SECTION_IDS, type Control, type ControlId, type SectionId } from './controls';
export {
  DEFAULT_POLICY,
  resolvePolicy,
  VIOLATION_RULES,
  PolicyEnv as ReportPolicyEnv,
  policyFromEnv,
  type PolicySettings,
  type ViolationRule,
} from '@tokenwatch/policy';
export { canonicalJson, contentDigest, sha256Hex, sidecarLine, verifyReport, type VerifyResult } from './digest';
export { renderCsv, parseCsv, CSV_COLUMNS } from './csv';
export { renderHtml } from './html';
export { renderPdf } from './pdf';
export { renderJson, renderReport, REPORT_FORMATS, CONTENT_TYPES, type ReportFormat } from './render';
export { sampleComplianceInput } from './sample';
export { validateSchedule, nextFireAfter, firingsBetween, dueFiring, schedulePeriod, ScheduleError } from './schedule';
export {
  runDueSchedules,
  writeReportFile,
  reportDeliveryBody,
  type RenderedReport,
  type SchedulerDeps,
} from './scheduler';
export { ComplianceData } from './settings';
export { loadComplianceData, type ComplianceSources } from './sources';
export { MemoryScheduleStore } from './memory';
