import type { ComplianceSources, PolicySettings } from '@tokenwatch/reports';
import type { OutboxStore, ScheduleStore, WebhookStore } from '@tokenwatch/store';
import type { WebhookDispatcher } from '@tokenwatch/webhooks';

/** What the webhook, delivery, schedule and compliance routes need (AppDeps.reporting). */
export interface ReportingDeps {
  subscriptions: WebhookStore;
  outbox: OutboxStore;
  /** Sends "test" deliveries and re-queues dead ones; its loop may run elsewhere. */
  dispatcher: WebhookDispatcher;
  schedules: ScheduleStore;
  compliance: ComplianceSources;
  policy: PolicySettings;
  /** Folder destinations of schedules must resolve inside this directory (REPORTS_DIR). */
  reportsRoot: string;
}
