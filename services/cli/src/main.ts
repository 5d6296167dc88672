/**
 * `tokenwatch <command>`: one binary for every way of running tokenwatch. Each command lives in its own
 * module under ./commands and is loaded only when used, so `tokenwatch import` does not start Kafka clients.
 */
import { ConfigError } from '@tokenwatch/config';

type Command = { summary: string; run: (args: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  ingest: {
    summary: 'consume auth-events from Kafka into ClickHouse (scale-out)',
    run: async (args) => (await import('./commands/ingest')).run(args),
  },
  migrate: {
    summary: 'apply ClickHouse migrations (CLICKHOUSE_URL, CLICKHOUSE_DATABASE)',
    run: async (args) => (await import('./commands/migrate')).run(args),
  },
  import: {
    summary: 'normalise log files (or -) and send the events on',
    run: async (args) => (await import('./commands/import')).run(args),
  },
  report: {
    summary: 'build a compliance report (pdf, html, csv, json) or verify one',
    run: async (args) => (await import('./commands/report')).run(args),
  },
  serve: {
    summary: 'run everything in one process on an embedded DuckDB file (API, ingest, analyzer, UI)',
    run: async (args) => (await import('./commands/serve')).run(args),
  },
  demo: {
    summary: 'write deterministic demo data (Tableau Activity Log files with one incident per detector)',
    run: async (args) => (await import('./commands/demo')).run(args),
  },
  api: {
    summary: 'serve the HTTP API over ClickHouse (API_PORT, CLICKHOUSE_URL, …)',
    run: async (args) => (await import('./commands/api')).run(args),
  },
  apikey: {
    summary: 'create, list or revoke API keys (create|list|revoke)',
    run: async (args) => (await import('./commands/apikey')).run(args),
  },
  analyze: {
    summary: 'run the analyzer: detectors over auth-events, alerts to ClickHouse and token-alerts',
    run: async (args) => (await import('./commands/analyze')).run(args),
  },
  notify: {
    summary: 'deliver alerts from token-alerts as signed webhooks and run report schedules (scale-out)',
    run: async (args) => (await import('./commands/notify')).run(args),
  },
  replay: {
    summary: 'run the detectors over stored events (--from --to) and print would-be alerts; publishes nothing',
    run: async (args) => (await import('./commands/replay')).run(args),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: tokenwatch <command> [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `tokenwatch <command> --help` for the options of a command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`tokenwatch: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
