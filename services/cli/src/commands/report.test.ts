import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleComplianceInput } from '@tokenwatch/reports';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from './report';

const dir = mkdtempSync(join(tmpdir(), 'tw-cli-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
vi.spyOn(console, 'log').mockImplementation(() => {});
vi.spyOn(console, 'error').mockImplementation(() => {});

describe('tokenwatch report', () => {
  it('builds a report from an input file, writes a sidecar, and verify catches an edit', async () => {
    const sample = sampleComplianceInput(Date.UTC(2026, 10, 1));
    const input = join(dir, 'data.json');
    writeFileSync(
      input,
      JSON.stringify({
        tokens: sample.tokens,
        alerts: sample.alerts,
        audit: sample.audit,
        removed_owners: sample.removedOwners,
      }),
    );
    for (const format of ['pdf', 'html', 'csv', 'json']) {
      const out = join(dir, `r.${format}`);
      expect(
        await run([
          'compliance',
          '--from',
          '2026-10-02',
          '--to',
          '2026-11-01',
          '--format',
          format,
          '--out',
          out,
          '--input',
          input,
        ]),
      ).toBe(0);
      expect(readFileSync(out + '.sha256', 'utf8')).toMatch(new RegExp(`^[0-9a-f]{64}  r\\.${format}\\n$`));
      expect(await run(['verify', out])).toBe(0);
    }
    const csv = join(dir, 'r.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace('summary,tokens_total,8', 'summary,tokens_total,7'));
    expect(await run(['verify', csv])).toBe(1);
  });

  it('rejects bad arguments and bad input with exit code 2', async () => {
    expect(
      await run(['compliance', '--from', '2026-11-01', '--to', '2026-10-01', '--out', join(dir, 'x.pdf'), '--sample']),
    ).toBe(2);
    expect(
      await run([
        'compliance',
        '--from',
        '2026-10-01',
        '--to',
        '2026-11-01',
        '--format',
        'docx',
        '--out',
        'x',
        '--sample',
      ]),
    ).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ tokens: [{ token_id: '' }] }));
    expect(
      await run([
        'compliance',
        '--from',
        '2026-10-01',
        '--to',
        '2026-11-01',
        '--out',
        join(dir, 'y.pdf'),
        '--input',
        bad,
      ]),
    ).toBe(2);
    expect(await run(['verify'])).toBe(2);
  });
});
