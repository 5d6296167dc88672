import type {
  DeliveryAttempt,
  DeliveryState,
  OutboxEntry,
  ReportSchedule,
  WebhookSubscription,
} from '@tokenwatch/schema';
import type { OutboxStore, ScheduleStore, WebhookStore } from '@tokenwatch/store';
import { rowPlaceholders, type DuckDb, type DuckParam } from './duckdb';
import { upsertNewest } from './upsert';

type Doc = { doc: string };
const parse = <T>(rows: Doc[]): T[] => rows.map((r) => JSON.parse(r.doc) as T);

export class DuckDbWebhookStore implements WebhookStore {
  constructor(private readonly db: DuckDb) {}

  async putSubscription(s: WebhookSubscription): Promise<void> {
    await this.db.run('INSERT OR REPLACE INTO webhook_subscriptions VALUES (?, ?, ?)', [
      s.subscription_id,
      s.created_at,
      JSON.stringify(s),
    ]);
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    return parse<WebhookSubscription>(
      await this.db.all<Doc>('SELECT doc FROM webhook_subscriptions WHERE subscription_id = ?', [id]),
    )[0];
  }

  async listSubscriptions(): Promise<WebhookSubscription[]> {
    return parse(await this.db.all<Doc>('SELECT doc FROM webhook_subscriptions ORDER BY created_at, subscription_id'));
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const rows = await this.db.all('DELETE FROM webhook_subscriptions WHERE subscription_id = ? RETURNING 1', [id]);
    return rows.length > 0;
  }
}

const OUTBOX_COLUMNS = ['delivery_id', 'subscription_id', 'state', 'next_attempt_at', 'created_at', 'version', 'doc'];
const outboxRow = (e: OutboxEntry): DuckParam[] => [
  e.delivery_id,
  e.subscription_id,
  e.state,
  e.next_attempt_at,
  e.created_at,
  e.version,
  JSON.stringify(e),
];

export class DuckDbOutboxStore implements OutboxStore {
  constructor(private readonly db: DuckDb) {}

  async enqueue(entries: readonly OutboxEntry[]): Promise<number> {
    // The first of several entries with one delivery_id wins, as in the in-memory store.
    const first = new Map<string, OutboxEntry>();
    for (const e of entries) if (!first.has(e.delivery_id)) first.set(e.delivery_id, e);
    if (first.size === 0) return 0;
    const rows = [...first.values()];
    const inserted = await this.db.all(
      `INSERT INTO outbox (${OUTBOX_COLUMNS.join(', ')}) VALUES ${rowPlaceholders(rows.length, OUTBOX_COLUMNS.length)} ` +
        'ON CONFLICT DO NOTHING RETURNING delivery_id',
      rows.flatMap(outboxRow),
    );
    return inserted.length;
  }

  async due(now: number, limit: number): Promise<OutboxEntry[]> {
    return parse(
      await this.db.all<Doc>(
        "SELECT doc FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? " +
          'ORDER BY next_attempt_at, delivery_id LIMIT ?',
        [now, limit],
      ),
    );
  }

  async update(entries: readonly OutboxEntry[]): Promise<void> {
    await upsertNewest(
      this.db,
      'outbox',
      OUTBOX_COLUMNS,
      entries.map((entry) => ({ key: entry.delivery_id, updatedAt: entry.version, values: outboxRow(entry) })),
      'version',
      true,
    );
  }

  async get(deliveryId: string): Promise<OutboxEntry | undefined> {
    return parse<OutboxEntry>(await this.db.all<Doc>('SELECT doc FROM outbox WHERE delivery_id = ?', [deliveryId]))[0];
  }

  async list(q: { state?: DeliveryState; subscriptionId?: string; limit?: number }): Promise<OutboxEntry[]> {
    const clauses: string[] = [];
    const params: DuckParam[] = [];
    if (q.state !== undefined) {
      clauses.push('state = ?');
      params.push(q.state);
    }
    if (q.subscriptionId !== undefined) {
      clauses.push('subscription_id = ?');
      params.push(q.subscriptionId);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return parse(
      await this.db.all<Doc>(`SELECT doc FROM outbox ${where} ORDER BY created_at DESC, delivery_id LIMIT ?`, [
        ...params,
        q.limit ?? 100,
      ]),
    );
  }

  async appendAttempts(attempts: readonly DeliveryAttempt[]): Promise<void> {
    for (const a of attempts)
      await this.db.run(
        'INSERT INTO delivery_attempts (delivery_id, subscription_id, at_ms, doc) VALUES (?, ?, ?, ?)',
        [a.delivery_id, a.subscription_id, a.at, JSON.stringify(a)],
      );
  }

  async listAttempts(q: { deliveryId?: string; subscriptionId?: string; limit?: number }): Promise<DeliveryAttempt[]> {
    const clauses: string[] = [];
    const params: DuckParam[] = [];
    if (q.deliveryId !== undefined) {
      clauses.push('delivery_id = ?');
      params.push(q.deliveryId);
    }
    if (q.subscriptionId !== undefined) {
      clauses.push('subscription_id = ?');
      params.push(q.subscriptionId);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return parse(
      await this.db.all<Doc>(`SELECT doc FROM delivery_attempts ${where} ORDER BY at_ms DESC, seq DESC LIMIT ?`, [
        ...params,
        q.limit ?? 100,
      ]),
    );
  }
}

export class DuckDbScheduleStore implements ScheduleStore {
  constructor(private readonly db: DuckDb) {}

  async putSchedule(s: ReportSchedule): Promise<void> {
    await this.db.run('INSERT OR REPLACE INTO report_schedules VALUES (?, ?, ?)', [
      s.schedule_id,
      s.created_at,
      JSON.stringify(s),
    ]);
  }

  async getSchedule(id: string): Promise<ReportSchedule | undefined> {
    return parse<ReportSchedule>(
      await this.db.all<Doc>('SELECT doc FROM report_schedules WHERE schedule_id = ?', [id]),
    )[0];
  }

  async listSchedules(): Promise<ReportSchedule[]> {
    return parse(await this.db.all<Doc>('SELECT doc FROM report_schedules ORDER BY created_at, schedule_id'));
  }

  async deleteSchedule(id: string): Promise<boolean> {
    const rows = await this.db.all('DELETE FROM report_schedules WHERE schedule_id = ? RETURNING 1', [id]);
    return rows.length > 0;
  }
}
