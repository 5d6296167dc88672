import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadLetter, TokenEvent } from '@tokenwatch/schema';
import { emptySummary, importFile, run, type EventSink, type ImportSummary } from './import';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'sources', 'fixtures');
const NOW = Date.UTC(2026, 2, 2, 18);

/** Keeps what it was given, so a test can look at exactly what the command wrote. */
function memorySink(): EventSink & { events: TokenEvent[]; deadLetters: DeadLetter[]; closed: boolean } {
  const sink = {
    name: 'memory',
    events: [] as TokenEvent[],
    deadLetters: [] as DeadLetter[],
    closed: false,
    write(events: readonly TokenEvent[], deadLetters: readonly DeadLetter[]) {
      sink.events.push(...events);
      sink.deadLetters.push(...deadLetters);
      return Promise.resolve();
    },
    close() {
      sink.closed = true;
      return Promise.resolve();
    },
  };
  return sink;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('importFile', () => {
  it('reads JSON lines, JSON arrays, CloudTrail Records (gzip) and counts every record once', () => {
    const summary = emptySummary();
    const dir = mkdtempSync(join(tmpdir(), 'tw-import-'));
    const lines = '{"action":"git.clone","@timestamp":1772445700000,"token_id":5}\nnot json\n\n';
    const array = JSON.stringify([{ kind: 'token.used', occurred_at: NOW, token_id: 'a' }, { nope: 1 }]);
    const records = JSON.stringify({
      Records: [
        {
          eventSource: 's3',
          eventName: 'GetObject',
          eventTime: '2026-03-02T05:00:00Z',
          userIdentity: { accessKeyId: 'AKIA1' },
        },
        { eventSource: 's3', eventName: 'GetObject', eventTime: 'later', userIdentity: { accessKeyId: 'AKIA1' } },
      ],
    });
    const out = [
      importFile(join(dir, 'a.jsonl'), Buffer.from(lines), { now: NOW }, summary),
      importFile(join(dir, 'b.json'), Buffer.from(array), { now: NOW }, summary),
      importFile(join(dir, 'c.json.gz'), gzipSync(records), { now: NOW }, summary),
      importFile(join(dir, 'd.bin'), new Uint8Array([0xff, 0xfe]), { now: NOW }, summary),
    ];
    expect(summary).toMatchObject({ records: 7, accepted: 3, events: 3, ignored: 0, rejected: 4 });
    expect(summary.rejectedByReason['eventTime: not an ISO-8601 date-time or epoch milliseconds: "later"']).toBe(1);
    const deadLetters = out.flatMap((o) => o.deadLetters);
    for (const d of deadLetters) DeadLetter.parse(d);
    expect(deadLetters.map((d) => [d.origin.replace(dir, ''), d.source, d.field_path])).toEqual([
      ['file:/a.jsonl:2', 'unknown', ''],
      ['file:/b.json:item 1', 'unknown', ''],
      ['file:/c.json.gz:Records.1', 'aws_cloudtrail', 'eventTime'],
      ['file:/d.bin', 'unknown', ''],
    ]);
    expect(deadLetters[3]).toMatchObject({ raw_encoding: 'base64', raw: '//4=', reason: 'not valid UTF-8' });
    expect(deadLetters[2]!.raw).toContain('"later"');
    // Same file again → same dead-letter ids (redelivery dedups).
    const again = importFile(join(dir, 'a.jsonl'), Buffer.from(lines), { now: NOW + 1 }, emptySummary());
    expect(again.deadLetters[0]!.dead_letter_id).toBe(deadLetters[0]!.dead_letter_id);
    expect(again.events[0]!.event_id).toBe(out[0]!.events[0]!.event_id);
  });

  it('--source overrides detection', () => {
    const summary = emptySummary();
    const record = Buffer.from('{"action":"git.clone","@timestamp":1772445700000,"token_id":5}');
    const { deadLetters } = importFile('x.json', record, { now: NOW, source: 'databricks' }, summary);
    expect(deadLetters[0]).toMatchObject({ source: 'databricks', field_path: 'action_name' });
  });
});

describe('tokenwatch import', () => {
  it('--dry-run reads a directory recursively, writes nothing, and prints the summary', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const sink = memorySink();
    const code = await run(['--dry-run', '--json', FIXTURES], { sink, now: () => NOW });
    expect(sink.events).toEqual([]);
    expect(sink.closed).toBe(false);
    const summary = JSON.parse(String(log.mock.calls[0]![0])) as ImportSummary & { dryRun: boolean };
    expect(summary).toMatchObject({ dryRun: true, files: 8, accepted: 30, events: 30, ignored: 6, rejected: 1 });
    expect(code).toBe(3); // tableau-pats.json is an inventory response, not an event: rejected, not dropped
  });

  it('writes accepted events and dead letters to the sink, and closes it', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const sink = memorySink();
    const code = await run([join(FIXTURES, 'github.jsonl'), join(FIXTURES, 'cloudtrail.json.gz')], {
      sink,
      now: () => NOW,
    });
    expect(code).toBe(0);
    expect(sink.events).toHaveLength(9);
    for (const event of sink.events) TokenEvent.parse(event);
    expect(sink.deadLetters).toEqual([]);
    expect(sink.closed).toBe(true);
  });

  it('rejects bad usage with status 2', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await run([])).toBe(2);
    expect(await run(['--source', 'splunk', 'x'])).toBe(2);
    expect(await run(['--bogus', 'x'])).toBe(2);
    expect(error).toHaveBeenCalledTimes(3);
  });

  it('a mapping file named by TOKENWATCH_TABLEAU_MAPPING changes how Tableau records are read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-map-'));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({ eventTypes: { create_workbook: { kind: 'other', withoutToken: 'ignore' } } }),
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.stubEnv('TOKENWATCH_TABLEAU_MAPPING', mapping);
    try {
      await run(['--dry-run', '--json', join(FIXTURES, 'tableau-cloud.jsonl')], { now: () => NOW });
      const summary = JSON.parse(String(log.mock.calls[0]![0])) as ImportSummary;
      expect(summary.ignoredByReason).toMatchObject({ 'create_workbook without a personal access token attribute': 1 });
      writeFileSync(mapping, JSON.stringify({ eventTypes: { x: { kind: 'token.stolen' } } }));
      await expect(run(['--dry-run', FIXTURES])).rejects.toThrow(/TOKENWATCH_TABLEAU_MAPPING.*eventTypes\.x\.kind/s);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
