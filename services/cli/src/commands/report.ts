import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from '@tokenwatch/config';
import {
  buildComplianceReport,
  ComplianceData,
  policyFromEnv,
  renderReport,
  REPORT_FORMATS,
  ReportPolicyEnv,
  sampleComplianceInput,
  sha256Hex,
  sidecarLine,
  verifyReport,
  type ReportFormat,
} from '@tokenwatch/reports';

const HELP = `usage:
  tokenwatch report compliance --from TIME --to TIME --format pdf|html|csv|json --out FILE (--input DATA.json | --sample)
  tokenwatch report verify FILE [--sha256 FILE.sha256]

compliance  builds the compliance report for [--from, --to) (ISO-8601 times or dates, UTC) and writes FILE and
            FILE.sha256 (a sha256sum line). --input is a JSON file {tokens, alerts, audit, removed_owners} (the
            schemas of @tokenwatch/schema); --sample uses built-in sample data. Policy settings come from the
            REPORT_* environment variables (README, "Compliance reports").
verify      checks FILE against FILE.sha256 (or --sha256) and, for JSON reports, the embedded content digest.
            Exit code 0 when it verifies, 1 when it does not.`;

function time(name: string, text: string | undefined): number {
  const ms = text === undefined ? NaN : Date.parse(text);
  if (!Number.isFinite(ms))
    throw new UsageError(`--${name}: expected an ISO-8601 time such as 2026-10-01 or 2026-10-01T00:00:00Z`);
  return ms;
}

class UsageError extends Error {}

async function compliance(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'pdf' },
      out: { type: 'string' },
      input: { type: 'string' },
      sample: { type: 'boolean', default: false },
      title: { type: 'string' },
    },
  });
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format: one of ${REPORT_FORMATS.join(', ')}`);
  if (!values.out) throw new UsageError('--out FILE is required');
  const to = time('to', values.to);
  const from = time('from', values.from);
  if (from >= to) throw new UsageError('--from must be before --to');
  const policy = policyFromEnv(loadEnv(ReportPolicyEnv));
  let data: ComplianceData;
  if (values.sample) {
    const sample = sampleComplianceInput(to);
    data = {
      tokens: [...sample.tokens],
      alerts: [...sample.alerts],
      audit: [...sample.audit],
      removed_owners: [...(sample.removedOwners ?? [])],
    };
  } else if (values.input) {
    const parsed = ComplianceData.safeParse(JSON.parse(await readFile(values.input, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--input ${values.input}: ${issue.path.join('.')}: ${issue.message}`);
    }
    data = parsed.data;
  } else throw new UsageError('give --input DATA.json or --sample');
  const report = buildComplianceReport({
    from,
    to,
    generatedAt: Date.now(),
    ...(values.title ? { title: values.title } : {}),
    tokens: data.tokens,
    alerts: data.alerts,
    audit: data.audit,
    removedOwners: data.removed_owners,
    policy,
  });
  const bytes = await renderReport(report, format);
  const digest = sha256Hex(bytes);
  await writeFile(values.out, bytes);
  await writeFile(values.out + '.sha256', sidecarLine(digest, basename(values.out)));
  const s = report.summary;
  console.log(
    `wrote ${values.out} (${format}, ${bytes.length} bytes): ${s.tokens_total} tokens, ${s.violations_total} policy violations, ` +
      `${s.alerts_total} alerts, ${s.revocations} revocations`,
  );
  console.log(`sha256 ${digest}  (${values.out}.sha256)`);
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sha256: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new UsageError('verify needs a FILE');
  const sidecarPath = values.sha256 ?? file + '.sha256';
  const sidecar = await readFile(sidecarPath, 'utf8').catch(() => undefined);
  if (sidecar === undefined && values.sha256) throw new UsageError(`--sha256: cannot read ${values.sha256}`);
  const result = verifyReport(await readFile(file), {
    ...(sidecar === undefined ? {} : { sidecar }),
    fileName: basename(file),
  });
  console.log(`${file}: sha256 ${result.fileSha256}`);
  for (const check of result.checks) console.log(`  checked: ${check}`);
  for (const problem of result.problems) console.log(`  FAILED: ${problem}`);
  console.log(result.ok ? 'verified' : 'NOT verified');
  return result.ok ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'compliance' && !rest.includes('--help')) return await compliance(rest);
    if (sub === 'verify' && !rest.includes('--help')) return await verify(rest);
    console.log(HELP);
    return sub === undefined || sub === '--help' || rest.includes('--help') ? 0 : 2;
  } catch (error) {
    if (!(error instanceof UsageError) && (error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw error;
    console.error(`tokenwatch report: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
}
