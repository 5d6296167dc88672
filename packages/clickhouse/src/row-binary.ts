/**
 * ClickHouse's RowBinary input format, for the ingest hot path. JSONEachRow costs the sender a JSON.stringify of
 * every row (the raw record escaped a second time) and the server a parse of it; RowBinary is length-prefixed
 * bytes written straight into one growing buffer. The encoding of the types below is the same on 18.16 and on
 * current releases: little-endian integers, strings and arrays prefixed by an unsigned LEB128 length, Nullable
 * as one null byte before the value.
 */

const TWO_32 = 2 ** 32;
/** Up to this many UTF-16 units a string is copied by `asciiShort`; its length then fits one prefix byte. */
const SHORT_STRING = 64;

type Utf8Write = (this: Buffer, text: string, offset: number) => number;
/**
 * `buffer.write(text, offset, 'utf8')` validates its arguments and dispatches on the encoding on every call, which
 * cost more than the copy itself in the ingest profile. Node's Buffer has carried the direct UTF-8 writer behind it
 * for every release; use it when present.
 */
const utf8Write: Utf8Write =
  (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write ??
  function (this: Buffer, text: string, offset: number) {
    return this.write(text, offset, 'utf8');
  };

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

export class RowBinaryWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** The rows written so far (a view, not a copy: do not keep it across further writes). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  private varint(n: number): void {
    while (n >= 0x80) {
      this.buffer[this.length++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buffer[this.length++] = n;
  }

  /** String: UTF-8 bytes after their length. Absent and '' are the same (the column default). */
  string(value: string | undefined): this {
    if (value === undefined || value.length === 0) {
      this.reserve(1);
      this.buffer[this.length++] = 0;
      return this;
    }
    if (value.length <= SHORT_STRING && this.asciiShort(value)) return this;
    // The byte length is known only after encoding; reserve room for the longest possible length prefix
    // (3 bytes per UTF-16 unit), write the text after it, and move the text back when the prefix came out shorter.
    const longest = value.length * 3;
    const prefix = varintSize(longest);
    this.reserve(prefix + longest);
    const start = this.length + prefix;
    const written = utf8Write.call(this.buffer, value, start);
    const actualPrefix = varintSize(written);
    if (actualPrefix !== prefix) this.buffer.copyWithin(this.length + actualPrefix, start, start + written);
    this.varint(written);
    this.length += written;
    return this;
  }

  /**
   * Most columns hold short ASCII (source, kind, outcome, ids): copying those in a loop is cheaper than a call
   * into the native encoder. Returns false, having written nothing that counts, at the first non-ASCII unit.
   */
  private asciiShort(value: string): boolean {
    this.reserve(1 + value.length);
    const buffer = this.buffer;
    let at = this.length + 1;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) return false;
      buffer[at++] = code;
    }
    buffer[this.length] = value.length;
    this.length = at;
    return true;
  }

  uint8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  uint32(value: number): this {
    this.reserve(4);
    this.buffer.writeUInt32LE(value, this.length);
    this.length += 4;
    return this;
  }

  /** UInt64 from a safe integer (epoch milliseconds fit many times over). */
  uint64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a UInt64 safe integer: ${value}`);
    this.reserve(8);
    this.buffer.writeUInt32LE(value % TWO_32, this.length);
    this.buffer.writeUInt32LE(Math.floor(value / TWO_32), this.length + 4);
    this.length += 8;
    return this;
  }

  /** DateTime: seconds since the epoch as UInt32. */
  dateTime(epochMs: number): this {
    return this.uint32(Math.floor(epochMs / 1000));
  }

  nullableUInt64(value: number | undefined): this {
    if (value === undefined) return this.uint8(1);
    return this.uint8(0).uint64(value);
  }

  stringArray(values: readonly string[] | undefined): this {
    const items = values ?? [];
    this.reserve(10);
    this.varint(items.length);
    for (const item of items) this.string(item);
    return this;
  }
}
