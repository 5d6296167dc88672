import { isAbsolute, relative, resolve } from 'node:path';
import {
  buildComplianceReport,
  loadComplianceData,
  reportDeliveryBody,
  runDueSchedules,
  writeReportFile,
  type ComplianceSources,
  type PolicySettings,
  type RenderedReport,
} from '@tokenwatch/reports';
import type { ReportSchedule } from '@tokenwatch/schema';
import type { OutboxStore, ScheduleStore, WebhookStore } from '@tokenwatch/store';
import { WebhookDispatcher, type DispatcherOptions } from '@tokenwatch/webhooks';

export interface ReportingStores {
  subscriptions: WebhookStore;
  outbox: OutboxStore;
  schedules: ScheduleStore;
  compliance: ComplianceSources;
}

export interface ReportingSettings {
  dispatcher: Pick<DispatcherOptions, 'retry' | 'timeoutMs' | 'batchSize' | 'publicUrl' | 'post'>;
  policy: PolicySettings;
  /** Absolute; schedule folders are resolved inside it. */
  reportsRoot: string;
}

/** Webhooks, outbox, schedules and the compliance report over one set of stores (AppDeps.reporting and more). */
export interface Reporting extends ReportingStores {
  dispatcher: WebhookDispatcher;
  policy: PolicySettings;
  reportsRoot: string;
  /** Runs every due report schedule once (the schedule loop calls this); see runDueSchedules for onError. */
  runSchedules(
    onError?: (scheduleId: string, error: unknown) => void,
  ): Promise<{ scheduleId: string; firedAt: number }[]>;
}

/** Builds the reporting side of tokenwatch from stores; the same in scale-out (ClickHouse) and embedded (DuckDB). */
export function createReporting(stores: ReportingStores, settings: ReportingSettings, now: () => number): Reporting {
  const dispatcher = new WebhookDispatcher({
    subscriptions: stores.subscriptions,
    outbox: stores.outbox,
    now,
    ...settings.dispatcher,
  });
  const deliver = async (schedule: ReportSchedule, firedAt: number, report: RenderedReport) => {
    const destination = schedule.destination;
    if (destination.kind === 'folder') {
      // The API accepts only folders inside the reports directory; checking again here keeps a schedule
      // written by an older version, or with a different REPORTS_DIR, from writing elsewhere.
      const folder = resolve(settings.reportsRoot, destination.path);
      const inside = relative(settings.reportsRoot, folder);
      if (inside.startsWith('..') || isAbsolute(inside))
        throw new Error(`schedule ${schedule.schedule_id}: folder ${folder} is outside ${settings.reportsRoot}`);
      await writeReportFile(folder, report);
    } else {
      // One idempotency key per schedule and firing: a repeated run after a crash enqueues nothing new.
      await dispatcher.enqueueDocument(
        destination.subscription_id,
        `${schedule.schedule_id}@${firedAt}`,
        'report.compliance',
        reportDeliveryBody(schedule, firedAt, report),
      );
    }
  };
  return {
    ...stores,
    dispatcher,
    policy: settings.policy,
    reportsRoot: settings.reportsRoot,
    runSchedules: (onError) =>
      runDueSchedules({
        ...(onError ? { onError } : {}),
        schedules: stores.schedules,
        now,
        deliver,
        build: async ({ from, to, generatedAt }) => {
          const data = await loadComplianceData(stores.compliance, from);
          return buildComplianceReport({
            from,
            to,
            generatedAt,
            tokens: data.tokens,
            alerts: data.alerts,
            audit: data.audit,
            removedOwners: data.removed_owners,
            policy: settings.policy,
          });
        },
      }),
  };
}
