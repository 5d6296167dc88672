/**
 * Which store errors are worth retrying. Transient: the server is unreachable, overloaded or restarting —
 * waiting fixes it. Anything else (bad SQL, a value the column rejects) will fail again the same way, so
 * retrying would only stall the partition.
 */
const TRANSIENT_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

// ClickHouse error codes that mean "try again later": timeouts, too many parts/queries, memory, read-only
// replica, table being shut down, keeper/network problems.
const TRANSIENT_CLICKHOUSE = new Set([
  '159',
  '164',
  '202',
  '203',
  '209',
  '210',
  '241',
  '242',
  '252',
  '285',
  '319',
  '425',
  '999',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

export function isTransient(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (code && (TRANSIENT_NETWORK.has(code) || TRANSIENT_CLICKHOUSE.has(code))) return true;
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    if (/socket hang up|timeout|ECONNREFUSED|ECONNRESET|other side closed|network/i.test(message)) return true;
  }
  return false;
}

/** Exponential backoff with full jitter, capped. attempt starts at 1. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
