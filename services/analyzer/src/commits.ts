export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Commits the offsets of batches whose writes are through, coalesced: while one commit request is in flight the
 * next offsets gather, and the following request carries the newest offset of every partition. Callers mark
 * offsets in the order their batches settled, so a committed offset never passes an unsettled batch.
 */
export class OffsetCommitter {
  private readonly ready = new Map<string, PartitionOffset>();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** `offset` is the next one to read (last processed + 1). */
  mark(offset: PartitionOffset): void {
    this.ready.set(`${offset.topic}\u0000${offset.partition}`, offset);
    this.kick();
  }

  /** Resolves when every offset marked so far has been sent (or its commit failed and was reported). */
  async flush(): Promise<void> {
    while (this.inFlight || this.ready.size > 0) {
      this.kick();
      await this.inFlight;
    }
  }

  /** Drops offsets not yet sent (their partitions are re-read from the last commit). */
  clear(): void {
    this.ready.clear();
  }

  private kick(): void {
    if (this.inFlight || this.ready.size === 0) return;
    const offsets = [...this.ready.values()];
    this.ready.clear();
    this.inFlight = this.commit(offsets)
      // A failed commit only means re-reading already handled batches after a restart; a later commit covers it.
      .catch((error: unknown) => this.onError(error as Error))
      .finally(() => {
        this.inFlight = undefined;
        this.kick();
      });
  }
}
