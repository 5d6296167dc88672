export { NotifyEnv, ReportingEnv, loadNotifyEnv, reportingSettings } from './env';
export { createReporting, type Reporting, type ReportingSettings, type ReportingStores } from './reporting';
export { startBackground, type Background, type BackgroundOptions } from './background';
export { decodeAlert, enqueueRaisedAlerts, enqueueTriageChange } from './alerts';
export { startAlertConsumer, type AlertConsumer, type AlertConsumerOptions } from './consumer';
export { startNotify, clickHouseReporting, type RunningNotify } from './run';
