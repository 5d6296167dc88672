import { gunzipSync } from 'node:zlib';

/** A gzip bomb must not take the process down: 512 MiB of JSON is more than any vendor file we read. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes of one record (or one file: CloudTrail delivers gzip JSON) → parsed JSON. Accepts gzip, a UTF-8 BOM and
 * surrounding whitespace; says why when it cannot. `text` is the record's JSON text as sent (for `raw`).
 */
export function parseRecordBytes(
  bytes: Uint8Array | string,
): { ok: true; record: unknown; text: string } | { ok: false; reason: string } {
  let textValue: string;
  if (typeof bytes === 'string') textValue = bytes;
  else {
    let data = bytes;
    if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
      try {
        data = gunzipSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
      } catch (error) {
        return { ok: false, reason: `not valid gzip: ${(error as Error).message}` };
      }
    }
    try {
      textValue = decoder.decode(data);
    } catch {
      return { ok: false, reason: 'not valid UTF-8' };
    }
  }
  if (textValue.charCodeAt(0) === 0xfeff) textValue = textValue.slice(1);
  const text = textValue.trim();
  if (text === '') return { ok: false, reason: 'empty record' };
  try {
    return { ok: true, record: JSON.parse(textValue) as unknown, text };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
}
