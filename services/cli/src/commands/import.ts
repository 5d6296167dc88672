/**
 * `tokenwatch import <file|dir|->…`: reads vendor logs or canonical events from files (JSON lines, JSON arrays,
 * CloudTrail `{"Records":[…]}`, gzip or not), normalises every record, and writes events and dead letters to a
 * sink. Nothing is dropped: every record is accepted, ignored (valid but not about a token) or dead-lettered.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { envList, loadEnv } from '@tokenwatch/config';
import { TOPICS, createKafka } from '@tokenwatch/kafka';
import { RAW_MAX_BYTES, SOURCES, truncateRaw, type DeadLetter, type Source, type TokenEvent } from '@tokenwatch/schema';
import { normaliseRecord, tableauMappingFromSetting, splitRecords, type TableauMapping } from '@tokenwatch/sources';

const Env = z.object({
  KAFKA_BROKERS: envList(''),
  TOKENWATCH_TABLEAU_MAPPING: z.string().optional(),
});
type Env = z.infer<typeof Env>;

/** Where imported events go. Durable when `write` resolves. */
export interface EventSink {
  readonly name: string;
  write(events: readonly TokenEvent[], deadLetters: readonly DeadLetter[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Destinations, in order of preference: without `--sink`, the first that is configured is used. To add one (the
 * embedded DuckDB store), append `{ name, configured(env), open(env) }` here.
 */
const SINKS: { name: string; configured: (env: Env) => boolean; open: (env: Env) => Promise<EventSink> }[] = [
  {
    name: 'kafka',
    configured: (env) => env.KAFKA_BROKERS.length > 0,
    open: (env) => openKafkaSink({ brokers: env.KAFKA_BROKERS }),
  },
];

/** Produces canonical events keyed by token_id (one token, one partition) and dead letters keyed by their id. */
export async function openKafkaSink(options: {
  brokers: readonly string[];
  topic?: string;
  deadLetterTopic?: string;
}): Promise<EventSink> {
  const producer = createKafka({ brokers: options.brokers, clientId: 'tokenwatch-import' }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const topic = options.topic ?? TOPICS.authEvents;
  const deadLetterTopic = options.deadLetterTopic ?? TOPICS.deadLetter;
  return {
    name: 'kafka',
    async write(events, deadLetters) {
      for (const chunk of byBytes(events.map((e) => ({ key: e.token_id, value: JSON.stringify(e) }))))
        await producer.send({ topic, acks: -1, messages: chunk });
      for (const chunk of byBytes(deadLetters.map((d) => ({ key: d.dead_letter_id, value: JSON.stringify(d) }))))
        await producer.send({ topic: deadLetterTopic, acks: -1, messages: chunk });
    },
    close: () => producer.disconnect(),
  };
}

/** Keeps each produce request well under the broker's 1 MiB default batch limit. */
function byBytes<T extends { value: string }>(messages: T[], limit = 512 * 1024): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const message of messages) {
    if (current.length > 0 && size + message.value.length > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += message.value.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const USAGE = `usage: tokenwatch import <file|dir|->... [--dry-run] [--source <source>] [--sink <name>] [--json]

Reads JSON lines, JSON arrays and CloudTrail {"Records":[…]} files (.gz too); a directory is read recursively,
"-" reads standard input. Every record becomes canonical events, is ignored (valid but not about a token), or
becomes a dead letter with the field and the reason.

  --dry-run         normalise and report, write nothing
  --source <name>   read every record as this source (${SOURCES.join(', ')}); default: detect per record
  --sink <name>     destination (${SINKS.map((s) => s.name).join(', ')}); default: the first configured
  --json            print the summary as JSON

Exit status: 0 all records accepted or ignored, 3 some records were rejected (written as dead letters),
2 usage error, 1 failure.`;

export interface ImportSummary {
  files: number;
  records: number;
  accepted: number;
  events: number;
  ignored: number;
  rejected: number;
  ignoredByReason: Record<string, number>;
  rejectedByReason: Record<string, number>;
}

export function emptySummary(): ImportSummary {
  const counts = { files: 0, records: 0, accepted: 0, events: 0, ignored: 0, rejected: 0 };
  return { ...counts, ignoredByReason: {}, rejectedByReason: {} };
}

export async function run(args: string[], options: { sink?: EventSink; now?: () => number } = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        source: { type: 'string' },
        sink: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`tokenwatch import: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const source = values.source as Source | undefined;
  if (positionals.length === 0 || (source !== undefined && !SOURCES.includes(source))) {
    console.error(
      `tokenwatch import: ${positionals.length === 0 ? 'nothing to import' : `unknown source ${source}`}\n\n${USAGE}`,
    );
    return 2;
  }
  const env = loadEnv(Env);
  const tableauMapping = tableauMappingFromSetting(env.TOKENWATCH_TABLEAU_MAPPING);
  const sink = values['dry-run'] ? undefined : (options.sink ?? (await openSink(env, values.sink)));
  if (sink === null) return 2;
  const now = options.now ?? Date.now;
  const summary = emptySummary();
  const files = positionals.flatMap((input) => (input === '-' ? ['-'] : listFiles(resolve(input))));
  const sizes = files.map((file) => (file === '-' ? 0 : statSync(file).size));
  const progress = progressBar(
    summary,
    sizes.reduce((a, b) => a + b, 0),
  );
  let bytesBefore = 0;
  try {
    for (const [i, file] of files.entries()) {
      const bytes = file === '-' ? await readStdin() : readFileSync(file);
      summary.files++;
      const batch = importFile(file, bytes, { now: now(), source, tableauMapping }, summary, (fraction) =>
        progress.update(file, bytesBefore + fraction * sizes[i]!),
      );
      if (sink) await sink.write(batch.events, batch.deadLetters);
      bytesBefore += sizes[i]!;
      progress.update(file, bytesBefore);
    }
  } finally {
    progress.done();
    if (sink) await sink.close();
  }
  console.log(
    values.json ? JSON.stringify({ dryRun: !sink, sink: sink?.name ?? null, ...summary }) : describe(summary, sink),
  );
  return summary.rejected > 0 ? 3 : 0;
}

async function openSink(env: Env, name: string | undefined): Promise<EventSink | null> {
  const choice = name ? SINKS.find((s) => s.name === name) : SINKS.find((s) => s.configured(env));
  if (!choice || !choice.configured(env)) {
    console.error(
      name
        ? `tokenwatch import: sink ${name} is ${choice ? 'not configured' : 'unknown'} (sinks: ${SINKS.map((s) => s.name).join(', ')})`
        : 'tokenwatch import: no destination configured: set KAFKA_BROKERS, or use --dry-run',
    );
    return null;
  }
  return choice.open(env);
}

/** Pure part of the import: one file's bytes → events and dead letters, counted into `summary`. */
export function importFile(
  file: string,
  bytes: Uint8Array,
  ctx: { now: number; source?: Source; tableauMapping?: TableauMapping },
  summary: ImportSummary,
  onProgress: (fraction: number) => void = () => undefined,
): { events: TokenEvent[]; deadLetters: DeadLetter[] } {
  const events: TokenEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  const origin = file === '-' ? 'stdin' : `file:${file}`;
  const reject = (where: string, source: string, reason: string, field_path: string, raw: string, base64 = false) => {
    summary.rejected++;
    const key = field_path ? `${field_path}: ${reason}` : reason;
    summary.rejectedByReason[key] = (summary.rejectedByReason[key] ?? 0) + 1;
    const at = where ? `${origin}:${where.replace(/^line /, '')}` : origin;
    deadLetters.push({
      dead_letter_id: 'import:' + createHash('sha256').update(at).update('\0').update(raw).digest('hex').slice(0, 32),
      received_at: ctx.now,
      origin: at,
      source,
      reason,
      field_path,
      raw,
      raw_encoding: base64 ? 'base64' : 'utf8',
    });
  };

  const text = decodeFile(bytes);
  if (!text.ok) {
    summary.records++;
    reject(
      '',
      ctx.source ?? 'unknown',
      text.reason,
      '',
      Buffer.from(bytes.subarray(0, RAW_MAX_BYTES)).toString('base64'),
      true,
    );
    return { events, deadLetters };
  }
  const items = splitRecords(text.text);
  for (const [index, item] of items.entries()) {
    summary.records++;
    if (index % 1000 === 999) onProgress(index / items.length);
    if (!item.parsed.ok) {
      reject(item.position, ctx.source ?? 'unknown', item.parsed.reason, '', truncateRaw(item.text));
      continue;
    }
    const result = normaliseRecord(item.parsed.record, {
      now: ctx.now,
      filePath: file,
      ...((ctx.source ?? item.source) ? { source: ctx.source ?? item.source } : {}),
      ...(ctx.tableauMapping ? { tableauMapping: ctx.tableauMapping } : {}),
    });
    if (!result.ok) {
      reject(item.position, result.source, result.reason, result.field_path, truncateRaw(item.text));
    } else if (result.events.length === 0) {
      summary.ignored++;
      const key = result.ignored ?? 'no token event in the record';
      summary.ignoredByReason[key] = (summary.ignoredByReason[key] ?? 0) + 1;
    } else {
      summary.accepted++;
      summary.events += result.events.length;
      events.push(...result.events);
    }
  }
  return { events, deadLetters };
}

function decodeFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data);
    } catch (error) {
      return { ok: false, reason: `not valid gzip: ${(error as Error).message}` };
    }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(data) };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}

/** Files under a directory, recursively, in name order (hidden files skipped); a file is itself. */
function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .flatMap((name) => listFiles(join(path, name)));
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A one-line progress bar on stderr, only on a terminal (a pipe or a log file gets the summary alone). */
function progressBar(summary: ImportSummary, totalBytes: number) {
  const tty = process.stderr.isTTY;
  let last = 0;
  let line = '';
  return {
    update(file: string, bytes: number) {
      if (!tty) return;
      const share = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
      const bar =
        totalBytes > 0 ? `[${'#'.repeat(Math.round(share * 20)).padEnd(20, '.')}] ${Math.floor(share * 100)}% ` : '';
      const name = file.length > 40 ? '…' + file.slice(-39) : file;
      line =
        `\r\x1b[K${bar}${summary.records} records: ${summary.events} events, ${summary.ignored} ignored, ` +
        `${summary.rejected} rejected  ${name}`;
      if (Date.now() - last < 100) return;
      last = Date.now();
      process.stderr.write(line);
    },
    done() {
      if (line) process.stderr.write(line + '\n');
    },
  };
}

function describe(summary: ImportSummary, sink: EventSink | undefined): string {
  const top = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 20)
      .map(([reason, n]) => `  ${String(n).padStart(8)}  ${reason}`);
  return [
    sink ? `imported into ${sink.name}` : 'dry run: nothing was written',
    `  files     ${summary.files}`,
    `  records   ${summary.records}`,
    `  accepted  ${summary.accepted} (${summary.events} events)`,
    `  ignored   ${summary.ignored} (valid, but not about a token)`,
    `  rejected  ${summary.rejected}${sink ? ' (written as dead letters)' : ''}`,
    ...(summary.rejected ? ['rejected by reason:', ...top(summary.rejectedByReason)] : []),
    ...(summary.ignored ? ['ignored by reason:', ...top(summary.ignoredByReason)] : []),
  ].join('\n');
}
