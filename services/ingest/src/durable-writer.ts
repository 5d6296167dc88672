import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { backoffMs, isTransient } from './errors';
import { deadLetterId } from './step';

export interface WriterTarget {
  appendEvents(events: readonly TokenEvent[]): Promise<void>;
  appendDeadLetters(records: readonly DeadLetter[]): Promise<void>;
}

export interface DurableWriterOptions {
  target: WriterTarget;
  /** Also publish dead letters (to the dead-letter topic); called after they are in the store. */
  publishDeadLetters?: (records: readonly DeadLetter[]) => Promise<void>;
  retryBaseMs: number;
  retryCapMs: number;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Returns false when the process is shutting down: stop retrying and fail the flush (nothing committed). */
  keepTrying: () => boolean;
  onRetry?: (what: string, attempt: number, error: unknown, waitMs: number) => void;
  onStoreRejected?: (event: TokenEvent, error: unknown) => void;
}

export class WriterAborted extends Error {
  constructor(cause: unknown) {
    super('write abandoned during shutdown; offsets stay uncommitted and the batch will be re-read', { cause });
    this.name = 'WriterAborted';
  }
}

/**
 * Writes a flush to the store and returns only when it is durable. Transient errors are retried with capped
 * exponential backoff for as long as the process runs (the pipeline pauses; nothing is dropped). A permanent
 * error on events is narrowed down by splitting the batch, and only the rows the store refuses become dead
 * letters — the rest of the batch still goes through.
 */
export class DurableWriter {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DurableWriterOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async write(events: readonly TokenEvent[], deadLetters: readonly DeadLetter[]): Promise<void> {
    const refused = await this.writeEvents(events);
    const allDeadLetters = [...deadLetters, ...refused];
    if (allDeadLetters.length > 0) {
      await this.retrying('dead letters', () => this.options.target.appendDeadLetters(allDeadLetters));
      if (this.options.publishDeadLetters) {
        const publish = this.options.publishDeadLetters;
        await this.retrying('dead-letter topic', () => publish(allDeadLetters));
      }
    }
  }

  /** Returns dead letters for the events the store permanently refused. */
  private async writeEvents(events: readonly TokenEvent[]): Promise<DeadLetter[]> {
    if (events.length === 0) return [];
    try {
      await this.retrying('events', () => this.options.target.appendEvents(events));
      return [];
    } catch (error) {
      if (error instanceof WriterAborted) throw error;
      if (events.length === 1) {
        const event = events[0]!;
        this.options.onStoreRejected?.(event, error);
        const origin = `store:${event.event_id}`;
        return [
          {
            dead_letter_id: deadLetterId(origin),
            received_at: this.options.now(),
            origin,
            source: event.source,
            reason: `store rejected event: ${(error as Error).message}`.slice(0, 2000),
            field_path: '',
            raw: JSON.stringify(event),
            raw_encoding: 'utf8',
          },
        ];
      }
      const middle = Math.ceil(events.length / 2);
      return [...(await this.writeEvents(events.slice(0, middle))), ...(await this.writeEvents(events.slice(middle)))];
    }
  }

  private async retrying(what: string, operation: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await operation();
        return;
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (!this.options.keepTrying()) throw new WriterAborted(error);
        const wait = backoffMs(attempt, this.options.retryBaseMs, this.options.retryCapMs);
        this.options.onRetry?.(what, attempt, error, wait);
        await this.sleep(wait);
      }
    }
  }
}
