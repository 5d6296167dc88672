import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Test and bench fixtures: records written from each vendor's documented fields (packages/sources/fixtures). */
export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** One parsed record per non-empty line of a JSON-lines fixture. */
export function fixtureLines(name: string): unknown[] {
  return fixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIR, name)));
}
