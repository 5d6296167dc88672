import { spawnSync } from 'node:child_process';

/**
 * Benchmarks of the ingest path run with the heap flags `bin/tokenwatch` gives the real process
 * (--max-semi-space-size=64), so their figures are what a deployment gets. Re-runs the current script with them
 * when they are missing; call it before any work.
 */
export function ensureProcessFlags(): void {
  const flags = ['--max-semi-space-size=64'];
  const missing = flags.filter((flag) => !process.execArgv.some((arg) => arg.startsWith(flag.split('=')[0]!)));
  if (missing.length === 0) return;
  const run = spawnSync(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
