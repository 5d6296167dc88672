import type { ReportSchedule } from '@tokenwatch/schema';
import type { ScheduleStore } from '@tokenwatch/store';

/** In-process ScheduleStore: unit tests, and a process that runs without a database. */
export class MemoryScheduleStore implements ScheduleStore {
  readonly items = new Map<string, ReportSchedule>();
  putSchedule(s: ReportSchedule): Promise<void> {
    this.items.set(s.schedule_id, s);
    return Promise.resolve();
  }
  getSchedule(id: string): Promise<ReportSchedule | undefined> {
    return Promise.resolve(this.items.get(id));
  }
  listSchedules(): Promise<ReportSchedule[]> {
    return Promise.resolve([...this.items.values()]);
  }
  deleteSchedule(id: string): Promise<boolean> {
    return Promise.resolve(this.items.delete(id));
  }
}
