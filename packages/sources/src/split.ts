import type { Source } from '@tokenwatch/schema';
import { get, isObj } from './read';

/** One record cut out of a file, with where it was (for dead letters) and its own text (for evidence). */
export interface SplitRecord {
  /** "line 17", "item 3", "Records.12", or "" for a file that is one record. */
  position: string;
  text: string;
  parsed: { ok: true; record: unknown } | { ok: false; reason: string };
  /** The container said which source it is (a CloudTrail `{"Records":[…]}` file). */
  source?: Source;
}

/**
 * A file's text → its records: a JSON array (one record per item), a CloudTrail `{"Records":[…]}` document (one
 * record per CloudTrail record, so one bad record does not take the file down), one JSON object, or JSON lines.
 */
export function splitRecords(text: string): SplitRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === '[' || first === '{') {
    let whole: unknown;
    let parsedWhole = false;
    try {
      whole = JSON.parse(body);
      parsedWhole = true;
    } catch (error) {
      // A JSON array must parse as a whole; an object that does not is probably the first of many lines.
      if (first === '[')
        return [
          { position: '', text: body, parsed: { ok: false, reason: `not valid JSON: ${(error as Error).message}` } },
        ];
    }
    if (parsedWhole) {
      if (Array.isArray(whole)) return whole.map((item, i) => fromValue(`item ${i}`, item));
      const records = isObj(whole) ? get(whole, 'Records') : undefined;
      if (Array.isArray(records))
        return records.map((item, i) => ({ ...fromValue(`Records.${i}`, item), source: 'aws_cloudtrail' as const }));
      return [{ position: '', text: body, parsed: { ok: true, record: whole } }];
    }
  }
  const out: SplitRecord[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    out.push({ position: `line ${i + 1}`, text: line, parsed: parseLine(line) });
  }
  return out;
}

function fromValue(position: string, record: unknown): SplitRecord {
  return { position, text: JSON.stringify(record) ?? 'null', parsed: { ok: true, record } };
}

function parseLine(line: string): SplitRecord['parsed'] {
  try {
    return { ok: true, record: JSON.parse(line) as unknown };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
}
