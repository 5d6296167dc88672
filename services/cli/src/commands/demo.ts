import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo, writeDemo } from '@tokenwatch/demo';

const HELP = `usage: tokenwatch demo [--out DIR] [--days N] [--end ISO-TIME] [--seed N]

Writes deterministic demo data: Tableau Cloud Activity Log files (one NDJSON file per day) for ~47 tokens over
--days days (default 42) ending at --end (default: now), with one injected incident per detector, listed in
DIR/incidents.json. Load the logs with \`tokenwatch import DIR/tableau-cloud\` (or use \`tokenwatch serve --demo\`).`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string', default: 'demo-data' },
      days: { type: 'string', default: '42' },
      end: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const end = values.end === undefined ? Date.now() : Date.parse(values.end);
  const days = Number(values.days);
  if (!Number.isFinite(end)) throw new Error(`--end: not an ISO-8601 time: ${values.end}`);
  if (!Number.isInteger(days)) throw new Error(`--days: not a whole number: ${values.days}`);
  const demo = generateDemo({ end, days, ...(values.seed === undefined ? {} : { seed: Number(values.seed) }) });
  const out = resolve(values.out);
  const written = await writeDemo(out, demo);
  console.log(
    `wrote ${demo.records} records for ${demo.tokens.length} tokens in ${demo.files.length} files to ${written.logs}`,
  );
  console.log(`${demo.incidents.length} injected incidents: ${written.incidents}`);
  console.log(`load them with: tokenwatch import ${written.logs}`);
  return 0;
}
