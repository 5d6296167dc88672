import { describe, expect, it } from 'vitest';
import { RowBinaryWriter } from './row-binary';

const hex = (w: RowBinaryWriter) => w.bytes().toString('hex');

describe('RowBinaryWriter', () => {
  it('writes integers little-endian and DateTime as epoch seconds', () => {
    expect(hex(new RowBinaryWriter().uint8(7).uint32(0x01020304))).toBe('0704030201');
    expect(hex(new RowBinaryWriter().uint64(2 ** 32 + 5))).toBe('0500000001000000');
    expect(hex(new RowBinaryWriter().uint64(Number.MAX_SAFE_INTEGER))).toBe('ffffffffffff1f00');
    expect(hex(new RowBinaryWriter().dateTime(1_700_000_000_999))).toBe(
      Buffer.from(Uint32Array.of(1_700_000_000).buffer).toString('hex'),
    );
  });

  it('refuses a UInt64 it cannot represent exactly', () => {
    expect(() => new RowBinaryWriter().uint64(-1)).toThrow(RangeError);
    expect(() => new RowBinaryWriter().uint64(2 ** 53)).toThrow(RangeError);
    expect(() => new RowBinaryWriter().uint64(1.5)).toThrow(RangeError);
  });

  it('prefixes strings with their UTF-8 byte length as LEB128, across every prefix size', () => {
    for (const text of ['', 'a', 'x'.repeat(42), 'x'.repeat(43), 'x'.repeat(127), 'x'.repeat(128), 'é'.repeat(64)]) {
      const bytes = new RowBinaryWriter(1).string(text).bytes();
      const body = Buffer.from(text, 'utf8');
      const prefix = body.length < 128 ? [body.length] : [(body.length & 0x7f) | 0x80, body.length >> 7];
      expect([...bytes.subarray(0, prefix.length)], text).toEqual(prefix);
      expect(bytes.subarray(prefix.length).equals(body), text).toBe(true);
    }
    const long = 'ü'.repeat(70_000); // 140,000 bytes: a 3-byte prefix, reserved as 3 (210,000 worst case)
    const bytes = new RowBinaryWriter(16).string(long).bytes();
    expect([...bytes.subarray(0, 3)]).toEqual([0xe0, 0xc5, 0x08]);
    expect(bytes.subarray(3).toString('utf8')).toBe(long);
  });

  it('writes an absent string as the empty string, Nullable with its null byte, arrays with their count', () => {
    expect(hex(new RowBinaryWriter().string(undefined))).toBe('00');
    expect(hex(new RowBinaryWriter().nullableUInt64(undefined))).toBe('01');
    expect(hex(new RowBinaryWriter().nullableUInt64(1))).toBe('000100000000000000');
    expect(hex(new RowBinaryWriter().stringArray(['ab', '']))).toBe('0202616200');
    expect(hex(new RowBinaryWriter().stringArray(undefined))).toBe('00');
  });

  it('grows its buffer without losing what was written', () => {
    const w = new RowBinaryWriter(2);
    for (let i = 0; i < 1000; i++) w.string(`row-${i}`).uint32(i);
    const bytes = w.bytes();
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('\x05row-0');
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(999);
  });
});
