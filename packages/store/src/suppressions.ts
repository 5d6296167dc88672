import type { Suppression } from '@tokenwatch/schema';

/**
 * Suppressions (silences) the analyzer honours.
 *
 * Contract (ClickHouse and DuckDB alike):
 * - `putSuppression` inserts or replaces by `suppression_id`. Durable when it resolves.
 * - `deleteSuppression` removes it from every read (the ClickHouse adapter keeps a tombstone).
 * - `listSuppressions({ activeAt })` returns those not expired at that instant (`expires_at` absent or
 *   > activeAt); without activeAt, all of them. Ordered by created_at, then suppression_id.
 */
export interface SuppressionStore {
  putSuppression(suppression: Suppression): Promise<void>;
  deleteSuppression(suppressionId: string): Promise<void>;
  getSuppression(suppressionId: string): Promise<Suppression | undefined>;
  listSuppressions(query: { activeAt?: number }): Promise<Suppression[]>;
}
