import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from './generate';
import { writeDemo } from './write';

describe('writeDemo', () => {
  it('writes every log file under the logs folder and keeps the incident list outside it', async () => {
    const demo = generateDemo({ end: Date.parse('2026-11-01T00:00:00Z'), days: 40, seed: 7 });
    const out = mkdtempSync(join(tmpdir(), 'tw-demo-'));
    const written = await writeDemo(out, demo);
    const logs = readdirSync(written.logs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(out, join(e.parentPath, e.name)))
      .sort();
    expect(logs).toEqual(demo.files.map((f) => f.path).sort());
    expect(relative(written.logs, written.incidents).startsWith('..')).toBe(true);
    expect(JSON.parse(readFileSync(written.incidents, 'utf8'))).toEqual(demo.incidents);
    const first = demo.files[0]!;
    expect(readFileSync(join(out, first.path), 'utf8')).toBe(first.content);
  });
});
