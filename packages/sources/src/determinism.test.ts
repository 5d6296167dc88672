import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureLines } from './fixtures';
import { normaliseRecord, parseRecordBytes } from './index';

const NOW = Date.UTC(2026, 2, 2, 18);

function allFixtureRecords(): { record: unknown; filePath?: string }[] {
  const gz = parseRecordBytes(fixtureBytes('cloudtrail.json.gz'));
  if (!gz.ok) throw new Error(gz.reason);
  return [
    ...fixtureLines('tableau-cloud.jsonl').map((record) => ({ record })),
    ...fixtureLines('tableau-server.jsonl').map((record) => ({ record, filePath: '/x/a-cepp-canonical-events_1.log' })),
    ...fixtureLines('github.jsonl').map((record) => ({ record })),
    ...fixtureLines('databricks.jsonl').map((record) => ({ record })),
    ...fixtureLines('canonical.jsonl').map((record) => ({ record })),
    { record: gz.record },
  ];
}

describe('determinism', () => {
  it('the same input normalised twice gives identical events, ids included, whatever the key order', () => {
    const inputs = allFixtureRecords();
    const first = inputs.map(({ record, filePath }) => normaliseRecord(record, { now: NOW, filePath }));
    const again = inputs.map(({ record, filePath }) =>
      normaliseRecord(JSON.parse(JSON.stringify(record)) as unknown, { now: NOW, filePath }),
    );
    expect(again).toEqual(first);
    const reordered = inputs.map(({ record, filePath }) =>
      normaliseRecord(reverseKeys(record), { now: NOW, filePath }),
    );
    const ids = (results: typeof first) => results.flatMap((r) => (r.ok ? r.events.map((e) => e.event_id) : []));
    expect(ids(reordered)).toEqual(ids(first));
    expect(ids(first).length).toBeGreaterThan(20);
    expect(new Set(ids(first)).size).toBe(ids(first).length);
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}
