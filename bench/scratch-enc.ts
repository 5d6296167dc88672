import { normaliseRecord, parseRecordBytes } from '@tokenwatch/sources';
import type { TokenEvent } from '@tokenwatch/schema';
import { generateMixedRecords } from '@tokenwatch/testkit';
import { encodeEventRows } from '../packages/store-clickhouse/src/event-rows';
const now = Date.now();
const events: TokenEvent[] = [];
for (const r of generateMixedRecords(200_000, { seed: 7 })) {
  const p = parseRecordBytes(r.bytes); if (!p.ok) continue;
  const n = normaliseRecord(p.record, { now, recordText: p.text }); if (n.ok) events.push(...n.events);
}
const raws = events.map((e) => e.raw);
for (let k = 0; k < 5; k++) {
  let t = performance.now(); let bytes = 0;
  for (let i = 0; i < events.length; i += 20000) bytes += encodeEventRows(events.slice(i, i + 20000)).length;
  const a = performance.now() - t;
  t = performance.now(); const b = Buffer.allocUnsafe(100_000_000); let pos = 0;
  for (const r of raws) pos += (b as any).utf8Write(r, pos);
  const c = performance.now() - t;
  t = performance.now(); pos = 0;
  for (const r of raws) pos += b.write(r, pos, 'latin1');
  console.log(`encode 200k: ${a.toFixed(0)} ms, ${bytes} bytes; raw utf8Write only ${c.toFixed(0)} ms; latin1 ${(performance.now() - t).toFixed(0)} ms`);
}
