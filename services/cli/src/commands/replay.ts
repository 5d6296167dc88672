import { parseArgs } from 'node:util';
import { loadAnalyzerEnv, loadDetectorSettings, openStores, replayRange } from '@tokenwatch/analyzer';
import { openGeoIp } from '@tokenwatch/geoip';

const USAGE = `usage: tokenwatch replay --from <time> --to <time> [--settings <file.json>] [--json]

Runs the detectors over the events stored in ClickHouse with occurred_at in [from, to) and prints the alerts they
would raise. Stores and publishes nothing. Times are ISO-8601 (2026-01-05T00:00:00Z) or epoch milliseconds.
--settings overrides detector settings (JSON, same keys as DETECTOR_SETTINGS_FILE) to backtest a new threshold.`;

function parseTime(name: string, value: string | undefined): number {
  if (value === undefined) throw new Error(`--${name} is required\n\n${USAGE}`);
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`--${name}: not a time: ${value}`);
  return ms;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      settings: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let from: number;
  let to: number;
  try {
    from = parseTime('from', values.from);
    to = parseTime('to', values.to);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const env = loadAnalyzerEnv();
  const settings = await loadDetectorSettings(values.settings ?? env.DETECTOR_SETTINGS_FILE);
  const geoDb = env.ANALYZER_GEOIP ? await openGeoIp() : undefined;
  const { db, stores } = await openStores(env);
  try {
    const started = performance.now();
    const result = await replayRange({
      ...stores,
      settings,
      from,
      to,
      now: Date.now,
      ...(geoDb ? { geo: (ip: string) => geoDb.lookup(ip) } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      for (const alert of result.alerts) console.log(JSON.stringify(alert));
    } else {
      for (const a of result.alerts) {
        console.log(
          `${new Date(a.first_seen_at).toISOString()}  ${a.severity.padEnd(8)} ${a.detector.padEnd(22)} ×${a.count}  ${a.explanation}`,
        );
      }
    }
    console.error(
      `replay: ${result.events} events, ${result.alerts.length} alerts, ${result.suppressed} suppressed findings, ` +
        `${result.late} late, ${result.duplicates} duplicates in ${seconds.toFixed(1)} s`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
