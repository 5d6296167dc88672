/**
 * HTTP ingest throughput and memory of the embedded mode: `node --import tsx bench/embedded-ingest.ts [records]`.
 *
 * Starts `tokenwatch serve` as its own process on a fresh DuckDB file, then POSTs demo Tableau Cloud Activity Log
 * records (realistic lines, 47 tokens) as NDJSON, 1,000 records per request, 4 requests in flight — every record
 * is normalised, stored durably and analysed before its request is answered. Prints events/s and the server's
 * resident memory (current and peak, from /proc). Baselines measured in the same run, in this process, on the
 * same records: the local intake without HTTP (normalise + store + analyse), and DuckDB appendEvents alone (the
 * store's ceiling).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDemo } from '@tokenwatch/demo';
import { detectorSettings } from '@tokenwatch/detectors';
import { openGeoIp } from '@tokenwatch/geoip';
import { parseRecordBytes, normaliseRecord } from '@tokenwatch/sources';
import type { TokenEvent } from '@tokenwatch/schema';
import { Analyzer } from '@tokenwatch/analyzer';
import { createLocalIntake } from '@tokenwatch/serve';
import { openDuckDbStores } from '@tokenwatch/store-duckdb';

const ROOT = resolve(import.meta.dirname, '..');
const TOTAL = Number(process.argv[2] ?? 100_000);
const BATCH = 1000;
const IN_FLIGHT = 4;

/** Demo records, repeated with a shifted traceUuid and time so every record is a distinct event. */
function records(n: number): string[] {
  const demo = generateDemo({ end: Date.UTC(2026, 10, 27, 23, 0) });
  const base = demo.files.flatMap((f) => f.content.trimEnd().split('\n'));
  const out: string[] = [];
  for (let round = 0; out.length < n; round++) {
    for (const line of base) {
      if (out.length >= n) break;
      if (round === 0) out.push(line);
      else {
        const r = JSON.parse(line) as Record<string, unknown>;
        r.traceUuid = `${String(r.traceUuid)}-${round}`;
        r.eventTime = new Date(Date.parse(String(r.eventTime)) + round * 42 * 86_400_000).toISOString();
        out.push(JSON.stringify(r));
      }
    }
  }
  return out;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function httpRun(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'services/cli/src/main.ts'), 'serve', '--data', dir, '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TOKENWATCH_LOG_LEVEL: 'error' } },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  while (!/send\s+curl/.test(output)) await new Promise((r) => setTimeout(r, 100));
  const url = /API\s+(http:\/\/\S+)\/v1/.exec(output)![1]!;
  const key = readFileSync(join(dir, 'admin-key.txt'), 'utf8').trim();
  const idle = memoryOf(child.pid!);
  const bodies: string[] = [];
  for (let i = 0; i < lines.length; i += BATCH) bodies.push(lines.slice(i, i + BATCH).join('\n'));
  let next = 0;
  let events = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      if (response.status >= 300) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      events += ((await response.json()) as { events: number }).events;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  const loaded = memoryOf(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return { events, seconds, idle, loaded };
}

async function intakeRun(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const stores = await openDuckDbStores(join(dir, 'bench.duckdb'));
  const geo = await openGeoIp();
  const analyzer = new Analyzer({
    events: stores.events,
    alerts: stores.alerts,
    tokens: stores.tokens,
    suppressions: stores.suppressions,
    settings: detectorSettings(),
    now: Date.now,
    geo: (ip) => geo.lookup(ip),
  });
  const intake = createLocalIntake({ events: stores.events, analyze: (e) => analyzer.processBatch(e), now: Date.now });
  let events = 0;
  const started = performance.now();
  for (let i = 0; i < lines.length; i += BATCH) {
    const batch = lines.slice(i, i + BATCH).map((bytes, j) => ({ bytes, origin: `bench#${i + j}` }));
    events += (await intake.accept(batch)).events;
  }
  const seconds = (performance.now() - started) / 1000;
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
  return { events, seconds };
}

async function storeRun(lines: string[]) {
  const now = Date.now();
  const events: TokenEvent[] = [];
  for (const line of lines) {
    const parsed = parseRecordBytes(line);
    if (!parsed.ok) continue;
    const result = normaliseRecord(parsed.record, { now });
    if (result.ok) events.push(...result.events);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const stores = await openDuckDbStores(join(dir, 'bench.duckdb'));
  const started = performance.now();
  for (let i = 0; i < events.length; i += BATCH) await stores.events.appendEvents(events.slice(i, i + BATCH));
  const seconds = (performance.now() - started) / 1000;
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
  return { events: events.length, seconds };
}

const lines = records(TOTAL);
console.log(`embedded ingest bench: ${lines.length} Tableau Cloud records, ${BATCH}/request, ${IN_FLIGHT} in flight`);
const http = await httpRun(lines);
const rate = (r: { events: number; seconds: number }) => Math.round(r.events / r.seconds);
console.log(
  `  HTTP POST /v1/events → DuckDB + analyzer: ${rate(http)} events/s (${http.events} events in ${http.seconds.toFixed(1)} s)`,
);
console.log(
  `  serve memory: idle RSS ${http.idle.rssMb.toFixed(0)} MB; after load RSS ${http.loaded.rssMb.toFixed(0)} MB, ` +
    `peak ${http.loaded.peakMb.toFixed(0)} MB`,
);
const intake = await intakeRun(lines);
console.log(`  baseline, local intake without HTTP: ${rate(intake)} events/s`);
const store = await storeRun(lines);
console.log(`  baseline, DuckDB appendEvents only: ${rate(store)} events/s`);
console.log(
  `  HTTP / intake = ${(rate(http) / rate(intake)).toFixed(2)}, intake / store = ${(rate(intake) / rate(store)).toFixed(2)}`,
);
