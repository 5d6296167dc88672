import { describe, expect, it } from 'vitest';
import {
  buildComplianceReport,
  canonicalJson,
  parseCsv,
  renderCsv,
  renderHtml,
  renderJson,
  sampleComplianceInput,
  verifyReport,
  sha256Hex,
  sidecarLine,
  type ComplianceReport,
} from './index';

const TO = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

describe('buildComplianceReport', () => {
  const report = buildComplianceReport(sampleComplianceInput(TO));

  it('lists the tokens that existed during the period with their status at its end', () => {
    expect(report.inventory.rows.map((r) => r.token_id)).not.toContain('tc:old:gone');
    expect(report.summary).toMatchObject({ tokens_total: 8, tokens_active: 7, tokens_revoked: 1 });
    const old = report.inventory.rows.find((r) => r.token_id === 'tc:finance:old-report')!;
    expect(old).toMatchObject({ age_days: 120, status: 'active', owner: 'ben@example.com' });
  });

  it('finds every policy violation and only those', () => {
    const found = report.violations.rows.map((v) => `${v.rule} ${v.token_id}`).sort();
    expect(found).toEqual([
      'expiring_soon tc:sales:soon',
      'idle ts:ops:idle',
      'max_age tc:finance:old-report',
      'max_age tc:sales:soon',
      'no_expiry tc:sales:forever',
      'owner_removed tc:hr:leaver',
      'owner_removed tc:hr:leaver-2',
    ]);
    const idle = report.violations.rows.find((v) => v.rule === 'idle')!;
    expect(idle).toMatchObject({ value: 20, threshold: 14 });
    const late = report.violations.rows.find((v) => v.token_id === 'tc:hr:leaver-2')!;
    expect(late.value).toBe(72);
  });

  it('uses the configured idle expiry per source', () => {
    const input = sampleComplianceInput(TO);
    const relaxed = buildComplianceReport({ ...input, policy: { idleExpiryDays: { tableau_server: 30 } } });
    expect(relaxed.violations.rows.some((v) => v.rule === 'idle')).toBe(false);
    const strictGithub = buildComplianceReport({ ...input, policy: { idleExpiryDays: { github: 0 } } });
    expect(strictGithub.summary.violations_idle).toBe(1); // ci-bot used a minute ago: 0 whole days, not > 0
  });

  it('measures time to acknowledge and to resolve from the audit trail', () => {
    const byId = Object.fromEntries(report.alerts.rows.map((a) => [a.alert_id, a]));
    expect(Object.keys(byId).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(byId.a1).toMatchObject({ time_to_acknowledge_ms: 20 * 60_000, time_to_resolve_ms: 5 * HOUR });
    expect(byId.a2).toMatchObject({ time_to_acknowledge_ms: 2 * HOUR, time_to_resolve_ms: null });
    expect(byId.a3).toMatchObject({ time_to_acknowledge_ms: 40 * 60_000, time_to_resolve_ms: 40 * 60_000 });
    expect(byId.a4).toMatchObject({ time_to_acknowledge_ms: null, handled_by: '' });
    expect(report.summary.median_time_to_acknowledge_ms).toBe(40 * 60_000);
    expect(report.summary.median_time_to_resolve_ms).toBe((5 * HOUR + 40 * 60_000) / 2);
  });

  it('lists revocations with the delay after the owner was removed', () => {
    expect(report.revocations.rows).toEqual([
      expect.objectContaining({ token_id: 'tc:hr:leaver-2', delay_after_owner_removal_ms: 72 * HOUR }),
    ]);
  });

  it('names the controls each section evidences', () => {
    expect(report.violations.controls).toEqual(expect.arrayContaining(['CC6.3', 'A.5.17', '8.2.6', 'AC-2', 'IA-5']));
    expect(report.alerts.controls).toContain('AU-6');
  });

  it('rejects an empty or inverted period', () => {
    expect(() => buildComplianceReport({ ...sampleComplianceInput(TO), from: TO, to: TO })).toThrow(/from < to/);
  });
});

function numbersFromCsv(csv: string) {
  const [head, ...rows] = parseCsv(csv);
  const col = (name: string) => head!.indexOf(name);
  const of = (section: string) => rows.filter((r) => r[0] === section);
  return {
    summary: Object.fromEntries(
      of('summary').map((r): [string, number | null] => [
        r[col('metric')]!,
        r[col('value')] === '' ? null : Number(r[col('value')]),
      ]),
    ),
    ages: of('inventory').map((r) => Number(r[col('age_days')])),
    tta: of('alerts').map((r) => (r[col('time_to_acknowledge_ms')] ? Number(r[col('time_to_acknowledge_ms')]) : null)),
    raised: of('alerts').map((r) => Date.parse(r[col('raised_at')]!)),
    counts: ['inventory', 'violations', 'alerts', 'revocations'].map((s) => of(s).length),
    digest: of('report').find((r) => r[col('metric')] === 'content_sha256')![col('detail')],
  };
}

describe('renderers', () => {
  const input = sampleComplianceInput(TO);
  // A hostile token name must survive every format unchanged in meaning and harmless.
  const tokens = [...input.tokens];
  tokens[0] = { ...tokens[0]!, token_name: '=cmd|"calc",<script>alert(1)</script>\nx' };
  input.tokens = tokens;
  const report = buildComplianceReport(input);

  it('JSON parses back to the same numbers and carries a verifiable content digest', () => {
    const text = renderJson(report);
    const parsed = JSON.parse(text) as ComplianceReport & { integrity: { content_sha256: string } };
    expect(parsed.summary).toEqual(report.summary);
    expect(parsed.alerts.rows).toEqual(report.alerts.rows);
    expect(verifyReport(Buffer.from(text))).toMatchObject({ ok: true });
    const edited = text.replace('"tokens_active": 7', '"tokens_active": 6');
    expect(edited).not.toBe(text);
    expect(verifyReport(Buffer.from(edited)).problems[0]).toMatch(/content digest/);
  });

  it('CSV parses back to the same numbers as JSON', () => {
    const csv = numbersFromCsv(renderCsv(report));
    const json = JSON.parse(renderJson(report)) as ComplianceReport & { integrity: { content_sha256: string } };
    expect(csv.summary).toEqual(json.summary);
    expect(csv.ages).toEqual(json.inventory.rows.map((r) => r.age_days));
    expect(csv.tta).toEqual(json.alerts.rows.map((r) => r.time_to_acknowledge_ms));
    expect(csv.raised).toEqual(json.alerts.rows.map((r) => r.raised_at));
    expect(csv.counts).toEqual([8, 7, 4, 1]);
    expect(csv.digest).toBe(json.integrity.content_sha256);
  });

  it('CSV neutralises formulas and quotes separators', () => {
    const rows = parseCsv(renderCsv(report));
    const names = rows.map((r) => r[4]);
    expect(names).toContain('\'=cmd|"calc",<script>alert(1)</script>\nx');
  });

  it('HTML escapes untrusted text', () => {
    const html = renderHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('SOC 2 CC6.1');
  });

  it('verifies a file against its sidecar and catches one changed byte', () => {
    const bytes = Buffer.from(renderCsv(report));
    const sidecar = sidecarLine(sha256Hex(bytes), 'r.csv');
    expect(verifyReport(bytes, { sidecar, fileName: 'r.csv' }).ok).toBe(true);
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 3] = tampered[tampered.length - 3]! ^ 1;
    expect(verifyReport(tampered, { sidecar, fileName: 'r.csv' }).problems[0]).toMatch(/differs from the sidecar/);
    expect(verifyReport(bytes).ok).toBe(false);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});
