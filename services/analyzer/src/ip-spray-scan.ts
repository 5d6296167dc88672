import { detectIpSpray, type DetectorSettings } from '@tokenwatch/detectors';
import type { IpFailureReader } from '@tokenwatch/store';
import { raiseFindings, type RaiseCounts, type RaiseDeps } from './raise';

export interface IpSprayScanDeps extends RaiseDeps {
  events: IpFailureReader;
  settings: DetectorSettings;
  /** How often the scan runs: the range read reaches back far enough that no failure falls between two scans. */
  intervalMs: number;
}

/**
 * auth_failure_burst per IP across tokens, exact in scale-out: Kafka partitions by token, so no analyzer
 * instance sees all of an IP's failures; the event store does. Reads the failures of the last window + allowed
 * lateness + interval (event time, against the analyzer clock) for IPs that could qualify, and raises what
 * `detectIpSpray` finds. Failures arriving later than the allowed lateness are not judged (as for every
 * detector).
 */
export async function runIpSprayScan(deps: IpSprayScanDeps): Promise<RaiseCounts & { rows: number }> {
  const s = deps.settings;
  const now = deps.now();
  const rows = await deps.events.readIpFailures({
    from: now - s.ipSprayWindowMs - s.allowedLatenessMs - deps.intervalMs,
    to: now + s.allowedLatenessMs,
    minFailures: s.ipSprayMinFailures,
    minTokens: s.ipSprayMinTokens,
  });
  return { rows: rows.length, ...(await raiseFindings(detectIpSpray(rows, s), deps)) };
}
