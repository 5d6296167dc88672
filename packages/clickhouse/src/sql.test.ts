import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sql, SqlValueError, ident, join, literal, quoteString, sql } from './sql';

/** Reference decoder for ClickHouse string literals, written from the escape rules the server applies. */
function unquote(literalText: string): string {
  expect(literalText.startsWith("'") && literalText.endsWith("'")).toBe(true);
  const body = literalText.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "'") throw new Error('unescaped quote inside literal');
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === '\\' || next === "'") out += next;
    else throw new Error(`unexpected escape \\${next}`);
  }
  return out;
}

describe('quoteString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString('a\\b')).toBe("'a\\\\b'");
    expect(quoteString('a\nb\0')).toBe("'a\\x0ab\\x00'");
    expect(quoteString("\\'")).toBe("'\\\\\\''");
  });

  it('round-trips any string and never leaves an unescaped quote', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(unquote(quoteString(s))).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });

  it('neutralises classic injection strings', () => {
    for (const attack of ["' OR 1=1 --", "x'); DROP TABLE events; --", "\\'; SELECT 1 --", "'\u0000'"]) {
      const q = quoteString(attack);
      expect(unquote(q)).toBe(attack);
    }
  });
});

describe('literal', () => {
  it('renders each supported type', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(42)).toBe('42');
    expect(literal(-1.5)).toBe('-1.5');
    expect(literal(10n ** 20n)).toBe('100000000000000000000');
    expect(literal(true)).toBe('1');
    expect(literal(new Date('2026-01-02T03:04:05.678Z'))).toBe("'2026-01-02 03:04:05'");
    expect(literal(['a', 1, null])).toBe("['a', 1, NULL]");
  });

  it('rejects values it cannot render safely', () => {
    expect(() => literal(Number.NaN)).toThrow(SqlValueError);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(SqlValueError);
    expect(() => literal(new Date('nope'))).toThrow(SqlValueError);
    expect(() => literal({} as never)).toThrow(SqlValueError);
    expect(() => literal((() => 1) as never)).toThrow(SqlValueError);
  });
});

describe('ident', () => {
  it('accepts plain names and back-quotes them', () => {
    expect(ident('events_5m').text).toBe('`events_5m`');
  });
  it('rejects anything else', () => {
    for (const bad of ['', '1abc', 'a-b', 'a b', 'a`b', 'db.table', "x'--", 'a'.repeat(129)]) {
      expect(() => ident(bad)).toThrow(SqlValueError);
    }
  });
});

describe('sql tag', () => {
  it('inlines literals and fragments', () => {
    const where = join([sql`token_id = ${"t'1"}`, sql`n > ${3}`], ' AND ');
    const q = sql`SELECT * FROM ${ident('events')} WHERE ${where} LIMIT ${10}`;
    expect(q).toBeInstanceOf(Sql);
    expect(q.text).toBe("SELECT * FROM `events` WHERE token_id = 't\\'1' AND n > 3 LIMIT 10");
  });
});
