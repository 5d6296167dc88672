/** Shared cell formatting for the tabular renderers. */
export const isoTime = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());
export const isoDay = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));

/** "3d 4h", "2h 5m", "45s": durations as an auditor reads them. */
export function humanDuration(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
