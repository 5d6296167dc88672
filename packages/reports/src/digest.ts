import { createHash } from 'node:crypto';
import type { ComplianceReport } from './compliance';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** JSON with keys sorted at every level, so the same report always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}

/** SHA-256 of the report's data, printed inside every rendering (JSON field, CSV row, HTML/PDF footer). */
export const contentDigest = (report: ComplianceReport): string => sha256Hex(canonicalJson(report));

/** The `sha256sum`-compatible line kept next to a rendered file: `<hex>  <file name>`. */
export const sidecarLine = (fileSha256: string, fileName: string): string => `${fileSha256}  ${fileName}\n`;

export interface VerifyResult {
  ok: boolean;
  fileSha256: string;
  problems: string[];
  /** What was checked, for the CLI to print. */
  checks: string[];
}

/**
 * Checks a rendered report: the file's SHA-256 against its sidecar line (when given), and for JSON the embedded
 * content digest against the data (so an edited JSON report fails even without the sidecar).
 */
export function verifyReport(bytes: Uint8Array, options: { sidecar?: string; fileName?: string } = {}): VerifyResult {
  const fileSha256 = sha256Hex(bytes);
  const problems: string[] = [];
  const checks: string[] = [];
  if (options.sidecar !== undefined) {
    const match = /^([0-9a-f]{64})\s+\*?(.+?)\s*$/m.exec(options.sidecar);
    if (!match) problems.push('sidecar is not a `sha256sum` line');
    else {
      checks.push('file SHA-256 matches the sidecar');
      if (match[1] !== fileSha256) problems.push(`file SHA-256 ${fileSha256} differs from the sidecar's ${match[1]}`);
      if (options.fileName !== undefined && match[2] !== options.fileName)
        problems.push(`sidecar names ${match[2]}, not ${options.fileName}`);
    }
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (text.trimStart().startsWith('{')) {
    checks.push('embedded content digest matches the JSON data');
    try {
      const parsed = JSON.parse(text) as { integrity?: { content_sha256?: string } };
      const claimed = parsed.integrity?.content_sha256;
      delete parsed.integrity;
      const actual = sha256Hex(canonicalJson(parsed));
      if (claimed !== actual) problems.push(`content digest ${actual} differs from the embedded ${claimed}`);
    } catch (error) {
      problems.push(`not valid JSON: ${(error as Error).message}`);
    }
  }
  if (checks.length === 0) problems.push('nothing to verify against: no sidecar .sha256 file and not a JSON report');
  return { ok: problems.length === 0, fileSha256, problems, checks };
}
