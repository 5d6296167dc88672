/**
 * Normalisation throughput per source: `node --import tsx bench/normalise.ts [records per source]`.
 * Each source's fixture records (packages/sources/fixtures) are repeated with a varying field so no two records are
 * the same. Prints records/s and events/s for normaliseRecord on parsed records, and — as a baseline measured in
 * the same run — JSON.parse of the same lines, so the figures can be compared across machines. Rates are given per
 * wall-clock second and per CPU second of this process (on a shared, busy machine the second is the steadier one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseRecord } from '@tokenwatch/sources';

const N = Number(process.argv[2] ?? 50_000);
const FIXTURES = join(import.meta.dirname, '..', 'packages', 'sources', 'fixtures');
const NOW = Date.UTC(2026, 2, 2, 18);

const lines = (name: string) =>
  readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const cloudTrail = (
  JSON.parse(readFileSync(join(FIXTURES, 'cloudtrail.json'), 'utf8')) as { Records: Record<string, unknown>[] }
).Records;

const SOURCES: { name: string; seeds: Record<string, unknown>[]; vary: string; filePath?: string }[] = [
  { name: 'tableau_cloud', seeds: lines('tableau-cloud.jsonl'), vary: 'traceUuid' },
  {
    name: 'tableau_server',
    seeds: lines('tableau-server.jsonl'),
    vary: 'pid',
    filePath: '/var/opt/tableau/logs/vizportal_0-cepp-canonical-events_0.log',
  },
  { name: 'github', seeds: lines('github.jsonl'), vary: '_document_id' },
  { name: 'aws_cloudtrail', seeds: cloudTrail, vary: 'eventID' },
  { name: 'databricks', seeds: lines('databricks.jsonl'), vary: 'event_id' },
  { name: 'generic', seeds: lines('canonical.jsonl'), vary: 'event_id' },
];

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en-US');
}

console.log(`normaliseRecord throughput, ${N.toLocaleString('en-US')} records per source (node ${process.version})`);
console.log('source            records/s    events/s  events/CPU-s   baseline JSON.parse lines/s');
for (const { name, seeds, vary, filePath } of SOURCES) {
  const texts = Array.from({ length: N }, (_, i) => JSON.stringify({ ...seeds[i % seeds.length], [vary]: `v-${i}` }));
  const records = texts.map((t) => JSON.parse(t) as unknown);
  for (let i = 0; i < 2000; i++) normaliseRecord(records[i % records.length], { now: NOW, filePath }); // warm-up

  let start = performance.now();
  const cpu = process.cpuUsage();
  let events = 0;
  for (const record of records) {
    const result = normaliseRecord(record, { now: NOW, filePath });
    if (result.ok) events += result.events.length;
  }
  const normaliseMs = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpu);
  const cpuMs = (cpuUsed.user + cpuUsed.system) / 1000;

  start = performance.now();
  let keys = 0;
  for (const text of texts) keys += Object.keys(JSON.parse(text) as object).length;
  const parseMs = performance.now() - start;

  console.log(
    `${name.padEnd(15)} ${rate(N, normaliseMs).padStart(11)} ${rate(events, normaliseMs).padStart(11)} ` +
      `${rate(events, cpuMs).padStart(13)}   ` +
      `${rate(N, parseMs).padStart(10)}${keys === 0 ? ' (no keys?)' : ''}`,
  );
}
