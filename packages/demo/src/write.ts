import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Demo } from './model';

/** Where the log files go under the output folder: importing this folder imports the records and nothing else. */
export const DEMO_LOGS_DIR = 'tableau-cloud';

/**
 * Writes the demo's log files under `out/tableau-cloud/` and the list of injected incidents to
 * `out/incidents.json` — outside the logs folder, because the incident list is not a log record and importing it
 * would only produce dead letters.
 */
export async function writeDemo(out: string, demo: Demo): Promise<{ logs: string; incidents: string }> {
  for (const file of demo.files) {
    const path = join(out, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  const incidents = join(out, 'incidents.json');
  await writeFile(incidents, JSON.stringify(demo.incidents, null, 2) + '\n');
  return { logs: join(out, DEMO_LOGS_DIR), incidents };
}
