import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IntakeRecord, IntakeResult, RecordIntake } from '@tokenwatch/intake';

/** Every file under `path` (or `path` itself), in path order — demo and vendor exports name files by date. */
export async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (info.isFile()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(child)));
    else if (/\.(json|jsonl|ndjson|log)$/.test(entry.name)) out.push(child);
  }
  return out;
}

export interface ImportSummary {
  files: number;
  records: number;
  events: number;
  rejected: number;
}

/**
 * Feeds JSON-lines files (one record per line; a file holding one JSON array is split into its items) to an
 * intake in batches, in file order. The origin "file:<path>:<line>" tells the normaliser the path (Tableau puts
 * the event type there) and makes dead letters traceable.
 */
export async function importFiles(
  intake: RecordIntake,
  paths: readonly string[],
  options: { batchSize?: number; onBatch?: (summary: ImportSummary) => void } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { files: 0, records: 0, events: 0, rejected: 0 };
  const batchSize = options.batchSize ?? 2000;
  let batch: IntakeRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result: IntakeResult = await intake.accept(batch);
    summary.records += batch.length;
    summary.events += result.events;
    summary.rejected += result.rejected.length;
    batch = [];
    options.onBatch?.(summary);
  };
  for (const path of paths) {
    summary.files++;
    const text = await readFile(path, 'utf8');
    const trimmed = text.trimStart();
    if (trimmed.startsWith('[')) {
      let items: unknown[] | undefined;
      try {
        items = JSON.parse(trimmed) as unknown[];
      } catch {
        items = undefined;
      }
      if (Array.isArray(items)) {
        for (const [i, item] of items.entries()) {
          batch.push({ bytes: JSON.stringify(item), origin: `file:${path}:${i + 1}` });
          if (batch.length >= batchSize) await flush();
        }
        continue;
      }
    }
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      batch.push({ bytes: line, origin: `file:${path}:${i + 1}` });
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  return summary;
}
