import { describe, expect, it } from 'vitest';
import { DETECTOR_IDS } from '@tokenwatch/schema';
import { generateDemo } from './index';

const end = Date.UTC(2026, 10, 27, 23, 0);
const demo = generateDemo({ end });
const lines = demo.files.flatMap((file) =>
  file.content
    .trimEnd()
    .split('\n')
    .map((text) => ({ file: file.path, record: JSON.parse(text) as Record<string, string | number | null> })),
);

describe('generateDemo', () => {
  it('is deterministic: the same options give the same bytes; another seed differs', () => {
    const again = generateDemo({ end });
    expect(again.files.map((f) => f.content).join('') === demo.files.map((f) => f.content).join('')).toBe(true);
    expect(generateDemo({ end, seed: 7 }).files[5]!.content).not.toBe(demo.files[5]!.content);
  });

  it('injects one incident for every real-time detector, all inside the window', () => {
    const realTime = DETECTOR_IDS.filter((d) => !d.startsWith('policy_') && d !== 'volume_drop');
    expect(demo.incidents.map((i) => i.detector).sort()).toEqual([...realTime].sort());
    const outside = demo.incidents.filter((i) => i.at >= end || i.at < end - 42 * 86_400_000);
    expect(outside).toEqual([]);
  });

  it('writes Tableau Activity Log lines, one file per UTC day, sorted by eventTime', () => {
    expect(lines).toHaveLength(demo.records);
    expect(demo.records).toBeGreaterThan(15_000);
    const problems: string[] = [];
    let previous = '';
    for (const { file, record } of lines) {
      const time = String(record.eventTime);
      if (typeof record.eventType !== 'string') problems.push(`no eventType in ${file}`);
      if (new Date(time).toISOString() !== time) problems.push(`bad time ${time}`);
      if (!file.startsWith(`tableau-cloud/activity-log/date=${time.slice(0, 10)}/`))
        problems.push(`${time} in ${file}`);
      if (time < previous) problems.push(`${time} after ${previous}`);
      previous = time;
    }
    expect(problems).toEqual([]);
  });

  it('has many tokens with owners, and sign-ins that name the token', () => {
    expect(demo.tokens.length).toBeGreaterThanOrEqual(40);
    expect(new Set(demo.tokens.map((t) => t.owner.email)).size).toBeGreaterThanOrEqual(20);
    const names = new Map(demo.tokens.map((t) => [t.guid, t.name]));
    const patSignIns = lines.filter(({ record }) => record.authenticationMethod === 'personal_access_token');
    expect(patSignIns.length).toBeGreaterThan(15_000);
    expect(patSignIns.filter(({ record }) => names.get(String(record.tokenGuid)) !== record.tokenName)).toEqual([]);
  });

  it('runs CI tokens at their fixed hours only (the injected curl use aside)', () => {
    const ci = new Map(demo.tokens.filter((t) => t.profile === 'ci').map((t) => [t.guid, t]));
    const offSchedule = lines.filter(({ record }) => {
      const token = ci.get(String(record.tokenGuid));
      if (!token || record.eventType !== 'login_authentication' || record.initiatingUserAgent === 'curl/8.5.0')
        return false;
      return !token.runHours!.includes(new Date(String(record.eventTime)).getUTCHours());
    });
    expect(offSchedule).toEqual([]);
  });
});
