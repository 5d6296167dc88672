import type { Alert, Suppression, TokenEvent } from '@tokenwatch/schema';
import type { Geo } from './context';
import { processEvent } from './engine';
import { alertId, applyFinding, findSuppression } from './finding';
import type { DetectorSettings } from './settings';
import { type Lifecycle, type TokenState, emptyState } from './state';

export interface ReplayOptions {
  settings: DetectorSettings;
  /** Wall-clock time stamped on the would-be alerts' created_at/updated_at. */
  now: () => number;
  geo?: (ip: string) => Geo | undefined;
  suppressions?: readonly Suppression[];
  /** Lifecycle known from the registry (revoked/expires), by token id. */
  lifecycle?: ReadonlyMap<string, Lifecycle>;
  /** State to start from, by token id (replay continues it); missing tokens start empty. */
  states?: Map<string, TokenState>;
  /** Alerts to continue grouping into, by alert id (replay of a long range page by page). */
  alerts?: Map<string, Alert>;
}

export interface ReplayResult {
  alerts: Alert[];
  events: number;
  duplicates: number;
  late: number;
  suppressed: number;
  states: Map<string, TokenState>;
  alertsById: Map<string, Alert>;
}

/**
 * Runs the detectors over events (in the order given; pass them in event-time order) and returns the alerts
 * they would raise, grouped as the analyzer groups them. Publishes and stores nothing: for tuning settings and
 * for backtesting, and the reference the analyzer's restart behaviour is tested against.
 */
export function replay(events: Iterable<TokenEvent>, options: ReplayOptions): ReplayResult {
  const states = options.states ?? new Map<string, TokenState>();
  const alerts = options.alerts ?? new Map<string, Alert>();
  const result: ReplayResult = {
    alerts: [],
    events: 0,
    duplicates: 0,
    late: 0,
    suppressed: 0,
    states,
    alertsById: alerts,
  };
  for (const event of events) {
    result.events++;
    let state = states.get(event.token_id);
    if (!state) {
      state = emptyState(event.token_id);
      const lifecycle = options.lifecycle?.get(event.token_id);
      if (lifecycle) state.lifecycle = { ...lifecycle };
      states.set(event.token_id, state);
    }
    const geo = event.ip && options.geo ? options.geo(event.ip) : undefined;
    const { status, findings } = processEvent(state, event, geo, options.settings);
    if (status === 'duplicate') result.duplicates++;
    if (status === 'late') result.late++;
    for (const finding of findings) {
      if (options.suppressions && findSuppression(options.suppressions, finding)) {
        result.suppressed++;
        continue;
      }
      const id = alertId(finding.detector, finding.token_id, finding.key);
      const outcome = applyFinding(alerts.get(id), finding, options.now());
      alerts.set(id, outcome.alert);
    }
  }
  result.alerts = [...alerts.values()].sort(
    (a, b) => a.first_seen_at - b.first_seen_at || (a.alert_id < b.alert_id ? -1 : 1),
  );
  return result;
}
