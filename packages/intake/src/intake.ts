import type { Source } from '@tokenwatch/schema';

/** One record as it arrived: the original bytes (a vendor record or a canonical event) and an optional source. */
export interface IntakeRecord {
  bytes: Uint8Array | string;
  /** Overrides auto-detection (e.g. `?source=github` on the HTTP collector). */
  source?: Source;
  /** Where the record came from, for dead letters: "http:<request id>#<line>", "file:<path>:<line>". */
  origin: string;
}

export interface IntakeRejection {
  /** Position of the record in the accepted batch. */
  index: number;
  reason: string;
  field_path: string;
}

export interface IntakeResult {
  /** Records that became events (a record may yield several events, e.g. a CloudTrail file). */
  accepted: number;
  events: number;
  rejected: IntakeRejection[];
}

/**
 * Where pushed records go. Scale-out: validated and produced to Kafka `auth-events` (resolves after Kafka
 * acknowledged). Embedded: normalised and written to the local store, then analysed. Invalid records are
 * reported back to the caller AND kept as dead letters; the rest of the batch still goes through.
 */
export interface RecordIntake {
  accept(records: readonly IntakeRecord[]): Promise<IntakeResult>;
}
