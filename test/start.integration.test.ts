import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DETECTOR_IDS } from '@tokenwatch/schema';

const ROOT = resolve(import.meta.dirname, '..');
/** Detectors that run on events (the policy_* checks are scheduled reports, volume_drop has no demo incident). */
const REAL_TIME = DETECTOR_IDS.filter((d) => !d.startsWith('policy_') && d !== 'volume_drop');

/**
 * The README's run command, end to end: `npm start` (scripts/start.sh) on a fresh data directory installs what
 * is missing, starts `tokenwatch serve --demo`, and the API then lists demo alerts of every detector type. The
 * time it took is printed (README claim: within a minute); the deadline below is only a failure timeout.
 */
describe('npm start', () => {
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the demo: the API answers and lists alerts of every detector type', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tw-start-'));
    const started = Date.now();
    let output = '';
    child = spawn('npm', ['start', '--', '--data', dir, '--port', '0'], { cwd: ROOT, detached: true });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const deadline = started + 170_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /API\s+(http:\/\/\S+)\/v1/.exec(output)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 200));
    }
    expect(url, output).toBeDefined();
    const answeredAfter = Date.now() - started;
    const key = (await readFile(join(dir, 'admin-key.txt'), 'utf8')).trim();
    expect(output).toContain(key);

    let seen = new Set<string>();
    while (Date.now() < deadline) {
      const response = await fetch(`${url}/v1/alerts?limit=500`, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: { detector: string }[] };
      seen = new Set(body.items.map((a) => a.detector));
      if (REAL_TIME.every((d) => seen.has(d)) && [...seen].some((d) => d.startsWith('policy_'))) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(
      `npm start: API answered after ${(answeredAfter / 1000).toFixed(1)} s; ` +
        `alerts of all ${REAL_TIME.length} detector types after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining([...REAL_TIME].sort()));
    // The scheduled policy checks judge the imported tokens right after the import, not an hour later.
    expect([...seen].filter((d) => d.startsWith('policy_')).length, [...seen].join(' ')).toBeGreaterThan(0);
    const incidents = JSON.parse(await readFile(join(dir, 'demo', 'incidents.json'), 'utf8')) as unknown[];
    expect(incidents).toHaveLength(REAL_TIME.length);
  });
});
