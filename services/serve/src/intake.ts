import type { IntakeRecord, IntakeRejection, IntakeResult, RecordIntake } from '@tokenwatch/intake';
import { processMessage } from '@tokenwatch/ingest';
import type { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { normaliseRecord, parseRecordBytes, type TableauMapping } from '@tokenwatch/sources';
import type { EventStore } from '@tokenwatch/store';

export interface LocalIntakeDeps {
  events: EventStore;
  /** Called with the events of each accepted batch once they are stored. */
  analyze: (events: readonly TokenEvent[]) => Promise<unknown>;
  now: () => number;
  tableauMapping?: TableauMapping;
}

const NORMALISE = { parseRecordBytes, normaliseRecord };

/**
 * The embedded mode's intake: each record goes through the same step as in services/ingest (parse, normalise,
 * dead letter with the original bytes and the reason), valid events are written to the local store and analysed
 * in-process, dead letters go to the same store. Resolves only when everything is durable, so a 2xx from
 * POST /v1/events means "stored and analysed".
 */
export function createLocalIntake(deps: LocalIntakeDeps): RecordIntake {
  return {
    async accept(records: readonly IntakeRecord[]): Promise<IntakeResult> {
      const now = deps.now();
      const events: TokenEvent[] = [];
      const deadLetters: DeadLetter[] = [];
      const rejected: IntakeRejection[] = [];
      let accepted = 0;
      records.forEach((record, index) => {
        const bytes = typeof record.bytes === 'string' ? Buffer.from(record.bytes) : record.bytes;
        // Files keep their path in the origin ("file:<path>:<line>"): Tableau may name the event type there.
        const filePath = record.origin.startsWith('file:') ? record.origin.slice(5).replace(/:\d+$/, '') : undefined;
        const result = processMessage({ value: bytes, origin: record.origin, now }, NORMALISE, {
          ...(record.source ? { source: record.source } : {}),
          ...(deps.tableauMapping ? { tableauMapping: deps.tableauMapping } : {}),
          ...(filePath ? { filePath } : {}),
        });
        if (result.kind === 'dlq') {
          rejected.push({ index, reason: result.deadLetter.reason, field_path: result.deadLetter.field_path });
          deadLetters.push(result.deadLetter);
          return;
        }
        accepted++;
        if (result.kind === 'ok') events.push(...result.events);
      });
      await deps.events.appendDeadLetters(deadLetters);
      await deps.events.appendEvents(events);
      await deps.analyze(events);
      return { accepted, events: events.length, rejected };
    },
  };
}
