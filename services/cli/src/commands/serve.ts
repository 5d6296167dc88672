import { parseArgs } from 'node:util';
import { ConfigError } from '@tokenwatch/config';
import { loadDetectorSettings } from '@tokenwatch/analyzer';
import { loadServeEnv, startServe } from '@tokenwatch/serve';
import { tableauMappingFromSetting } from '@tokenwatch/sources';
import { policyFromEnv } from '@tokenwatch/policy';

const HELP = `usage: tokenwatch serve [--demo] [--data DIR] [--host HOST] [--port PORT] [--import PATH]...

Runs all of tokenwatch in one process on an embedded DuckDB file: HTTP ingest (POST /v1/events), the API and
web UI, the analyzer, and file import. Data persists in DIR across restarts.

  --demo         on first start, generate and load the demo data (Tableau Cloud traffic with incidents)
  --data DIR     data directory (TOKENWATCH_DATA_DIR, default .data)
  --host HOST    listen address (TOKENWATCH_HOST, default 127.0.0.1)
  --port PORT    listen port (TOKENWATCH_PORT, default 8080; 0 = any free port)
  --import PATH  import these files or directories at start (TOKENWATCH_IMPORT, comma-separated)`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      demo: { type: 'boolean' },
      data: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      import: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const env = loadServeEnv({
    ...process.env,
    ...(values.data !== undefined ? { TOKENWATCH_DATA_DIR: values.data } : {}),
    ...(values.host !== undefined ? { TOKENWATCH_HOST: values.host } : {}),
    ...(values.port !== undefined ? { TOKENWATCH_PORT: values.port } : {}),
    ...(values.demo ? { TOKENWATCH_DEMO: 'true' } : {}),
  });
  const settings = await loadDetectorSettings(env.DETECTOR_SETTINGS_FILE).catch((error: unknown) => {
    throw new ConfigError([{ variable: 'DETECTOR_SETTINGS_FILE', message: (error as Error).message }]);
  });
  const tableauMapping = tableauMappingFromSetting(env.TOKENWATCH_TABLEAU_MAPPING);
  const serve = await startServe({
    dataDir: env.TOKENWATCH_DATA_DIR,
    host: env.TOKENWATCH_HOST,
    port: env.TOKENWATCH_PORT,
    demo: env.TOKENWATCH_DEMO,
    importPaths: [...env.TOKENWATCH_IMPORT, ...(values.import ?? [])],
    logLevel: env.TOKENWATCH_LOG_LEVEL,
    geoip: env.ANALYZER_GEOIP,
    settings,
    policy: policyFromEnv(env),
    policyIntervalMs: env.ANALYZER_POLICY_INTERVAL,
    reporting: env,
    ipSprayIntervalMs: env.ANALYZER_IP_SPRAY_INTERVAL,
    silenceCheckMs: env.ANALYZER_SILENCE_CHECK,
    ...(tableauMapping ? { tableauMapping } : {}),
  });
  serve.loaded.catch((error: unknown) => console.error('loading data failed:', error));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('tokenwatch serve: shutting down');
  await serve.close();
  return 0;
}
