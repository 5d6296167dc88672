import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { loadEnv } from '@tokenwatch/config';
import { join, resolve } from 'node:path';
import { buildApp, generateApiKey, type App } from '@tokenwatch/api';
import { generateDemo, writeDemo } from '@tokenwatch/demo';
import { Analyzer, runIpSprayScan, runPolicyScan } from '@tokenwatch/analyzer';
import { repeatEvery, type Repeating } from '@tokenwatch/background';
import { DEFAULT_POLICY, type PolicySettings } from '@tokenwatch/policy';
import { detectorSettings, type DetectorSettings, type Geo } from '@tokenwatch/detectors';
import { openGeoIp } from '@tokenwatch/geoip';
import {
  createReporting,
  enqueueRaisedAlerts,
  ReportingEnv,
  reportingSettings,
  startBackground,
  type Reporting,
} from '@tokenwatch/notify';
import type { Alert, TokenEvent } from '@tokenwatch/schema';
import type { TableauMapping } from '@tokenwatch/sources';
import { openDuckDbStores, type DuckDbStores } from '@tokenwatch/store-duckdb';
import { importFiles, listFiles, type ImportSummary } from './files';
import { createLocalIntake } from './intake';

export interface ServeOptions {
  dataDir: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Load the demo data on first start (when the store holds no events yet). */
  demo: boolean;
  /** Files or directories to import at start. */
  importPaths: readonly string[];
  logLevel: string;
  /** Offline IP → ASN/country/location (≈110 MB in memory); new_asn_country and impossible_travel need it. */
  geoip: boolean;
  settings?: DetectorSettings;
  tableauMapping?: TableauMapping;
  /** The token policy (REPORT_* settings) and how often the analyzer checks it (0: never; default 1 h). */
  policy?: PolicySettings;
  policyIntervalMs?: number;
  /** Webhook, report policy and schedule settings (defaults when absent; reports under DIR/reports). */
  reporting?: ReportingEnv;
  /** How often failures are scanned per IP across tokens (0: never; default 30 s). */
  ipSprayIntervalMs?: number;
  /** How often tokens that went silent are checked for a volume drop (0: never; default 1 min). */
  silenceCheckMs?: number;
  now?: () => number;
  /** Start-up and progress lines (stdout by default). */
  print?: (line: string) => void;
}

export interface RunningServe {
  url: string;
  databasePath: string;
  stores: DuckDbStores;
  analyzer: Analyzer;
  /** The analyzer's scheduled policy checks over the registry. */
  policyChecks: Repeating;
  reporting: Reporting;
  /** The per-IP failure scan across tokens. */
  ipSprayChecks: Repeating;
  /** The volume-drop check of tokens that went silent. */
  silenceChecks: Repeating;
  app: App;
  /** The admin key created on this start (first start only). */
  bootstrapKey?: string;
  /** Settles when the demo and --import files are loaded (immediately when there are none). */
  loaded: Promise<ImportSummary | undefined>;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'tokenwatch.duckdb';
export const ADMIN_KEY_FILE = 'admin-key.txt';

/**
 * `tokenwatch serve`: the whole of tokenwatch in one process on one DuckDB file — HTTP ingest through a local
 * intake (normalise → store → analyse), the API, file import, and the in-process analyzer. Listens before it
 * loads the demo, so the API answers while data is still arriving.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const print = options.print ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const databasePath = join(dataDir, DATABASE_FILE);
  const stores = await openDuckDbStores(databasePath);
  try {
    let geo: ((ip: string) => Geo | undefined) | undefined;
    if (options.geoip) {
      const db = await openGeoIp();
      geo = (ip) => db.lookup(ip);
    }
    const reportingEnv = options.reporting ?? loadEnv(ReportingEnv, {});
    const reporting = createReporting(
      {
        subscriptions: stores.webhooks,
        outbox: stores.outbox,
        schedules: stores.schedules,
        compliance: { tokens: stores.tokens, alerts: stores.alerts },
      },
      reportingSettings(reportingEnv, join(dataDir, 'reports')),
      now,
    );
    // The analyzer core of services/analyzer, fed by the local intake instead of Kafka. Each token's state is
    // restored from the stores the first time it is seen after a start, so a restart neither re-alerts nor
    // forgets. One batch at a time: the core is not re-entrant.
    const analyzerSettings = options.settings ?? detectorSettings();
    // In place of the Kafka topic: alerts go into the webhook outbox (durably) before they are stored, with the
    // same matching and delivery keys as `tokenwatch notify`. Scheduled checks publish the same way.
    const publish = async (alerts: readonly Alert[]) => {
      await enqueueRaisedAlerts(reporting.dispatcher, alerts);
    };
    const analyzer = new Analyzer({
      events: stores.events,
      alerts: stores.alerts,
      tokens: stores.tokens,
      suppressions: stores.suppressions,
      settings: analyzerSettings,
      now,
      suppressionRefreshMs: 2000,
      ...(geo ? { geo } : {}),
      publish,
    });
    let queue: Promise<unknown> = Promise.resolve();
    const analyze = (events: readonly TokenEvent[]) => {
      const next = queue.then(() => analyzer.processBatch(events));
      queue = next.catch(() => undefined);
      return next;
    };
    const policyIntervalMs = options.policyIntervalMs ?? 3_600_000;
    const policyChecks = repeatEvery({
      name: 'policy checks',
      intervalMs: policyIntervalMs,
      run: () =>
        runPolicyScan({
          tokens: stores.tokens,
          alerts: stores.alerts,
          suppressions: stores.suppressions,
          policy: options.policy ?? DEFAULT_POLICY,
          now,
          publish,
        }),
    });
    const ipSprayIntervalMs = options.ipSprayIntervalMs ?? 30_000;
    const ipSprayChecks = repeatEvery({
      name: 'per-IP failure scan',
      intervalMs: ipSprayIntervalMs,
      run: () =>
        runIpSprayScan({
          events: stores.events,
          alerts: stores.alerts,
          suppressions: stores.suppressions,
          settings: analyzerSettings,
          intervalMs: ipSprayIntervalMs,
          now,
          publish,
        }),
    });
    // Tokens that went silent get their volume drop from this tick, through the same queue as event batches.
    const silenceChecks = repeatEvery({
      name: 'silence check',
      intervalMs: options.silenceCheckMs ?? 60_000,
      run: () => {
        const next = queue.then(async () => (await analyzer.checkSilence()).done);
        queue = next.catch(() => undefined);
        return next;
      },
    });
    const intake = createLocalIntake({
      events: stores.events,
      analyze,
      now,
      ...(options.tableauMapping ? { tableauMapping: options.tableauMapping } : {}),
    });
    const app = await buildApp(
      {
        readModel: stores.readModel,
        alerts: stores.alerts,
        suppressions: stores.suppressions,
        apiKeys: stores.apiKeys,
        // API keys are tokens too: their use is stored and analysed like any other token's.
        keyUse: {
          appendEvents: async (events) => {
            await stores.events.appendEvents(events);
            await analyze(events);
          },
        },
        intake,
        reporting,
        now,
      },
      { logLevel: options.logLevel === 'silent' ? false : options.logLevel },
    );
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/ui/'));
    const address = await app.listen({ host: options.host, port: options.port });
    const url = address.replace('[::1]', 'localhost');
    const bootstrapKey = await bootstrapAdminKey(stores, dataDir, now);
    const background = startBackground(reporting, {
      pollIntervalMs: reportingEnv.WEBHOOK_POLL_INTERVAL,
      scheduleIntervalMs: reportingEnv.REPORT_SCHEDULE_INTERVAL,
      log: options.logLevel === 'silent' ? () => undefined : (line) => process.stderr.write(line + '\n'),
    });

    const hasEvents = (await stores.events.countEvents({ limit: 1 })) > 0;
    print('');
    print('tokenwatch serve — one process, embedded DuckDB');
    print(`  UI         ${url}/ui/   (sign in with an API key)`);
    print(`  API        ${url}/v1   (OpenAPI document: ${url}/docs)`);
    print(`  data       ${databasePath}`);
    if (bootstrapKey) {
      print(`  admin key  ${bootstrapKey}`);
      print(`             shown once; also saved to ${join(dataDir, ADMIN_KEY_FILE)} (mode 600). Delete that file`);
      print('             once you have created your own keys (POST /v1/api-keys).');
    } else {
      print(`  admin key  created at first start (see ${join(dataDir, ADMIN_KEY_FILE)} if you kept it);`);
      print(`             new keys: POST ${url}/v1/api-keys with an admin key`);
    }
    if (hasEvents)
      print(`  stored     ${await stores.events.countEvents({})} events (detector state restores per token)`);
    print(`  send       curl -H "Authorization: Bearer <key>" -H 'content-type: application/x-ndjson' \\`);
    print(`                  --data-binary @events.ndjson ${url}/v1/events`);
    print('');

    // The first scheduled run happened before the files were read: judge the imported tokens now, not in an hour.
    const loaded = loadData(options, hasEvents, dataDir, intake, now, print).then(async (summary) => {
      if (summary && policyIntervalMs > 0) await policyChecks.runNow();
      return summary;
    });
    return {
      url,
      databasePath,
      stores,
      analyzer,
      policyChecks,
      reporting,
      ipSprayChecks,
      silenceChecks,
      app,
      ...(bootstrapKey ? { bootstrapKey } : {}),
      loaded,
      async close() {
        await loaded.catch(() => undefined);
        await policyChecks.stop();
        await ipSprayChecks.stop();
        await silenceChecks.stop();
        await app.close();
        await background.stop();
        await stores.close();
      },
    };
  } catch (error) {
    await stores.close();
    throw error;
  }
}

/** First start: an admin key, so the API can be used at all. Later starts: nothing (keys are in the store). */
async function bootstrapAdminKey(stores: DuckDbStores, dataDir: string, now: () => number) {
  if ((await stores.apiKeys.list()).length > 0) return undefined;
  const key = generateApiKey({ name: 'bootstrap admin', scopes: ['admin'], createdBy: 'tokenwatch serve', now: now() });
  await stores.apiKeys.put(key.record);
  const file = join(dataDir, ADMIN_KEY_FILE);
  await writeFile(file, key.secret + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return key.secret;
}

async function loadData(
  options: ServeOptions,
  hasEvents: boolean,
  dataDir: string,
  intake: ReturnType<typeof createLocalIntake>,
  now: () => number,
  print: (line: string) => void,
): Promise<ImportSummary | undefined> {
  const paths = [...options.importPaths];
  if (options.demo && !hasEvents) {
    const demo = generateDemo({ end: now() });
    const dir = join(dataDir, 'demo');
    const written = await writeDemo(dir, demo);
    print(
      `  demo       ${demo.records} Tableau Cloud Activity Log records, ${demo.tokens.length} tokens, ` +
        `${demo.incidents.length} injected incidents (${written.incidents})`,
    );
    paths.unshift(written.logs);
  } else if (options.demo) {
    print('  demo       already loaded (the store holds events); delete the data directory to start over');
  }
  if (paths.length === 0) return undefined;
  const started = Date.now();
  const files = (await Promise.all(paths.map((p) => listFiles(resolve(p))))).flat();
  const summary = await importFiles(intake, files);
  print(
    `  loaded     ${summary.records} records from ${summary.files} files → ${summary.events} events, ` +
      `${summary.rejected} rejected (dead letters), in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return summary;
}
