/**
 * The one place where values become ClickHouse SQL text.
 *
 * ClickHouse 18.16 (Debian's package, used in tests) has no server-side query parameters, so values must be
 * inlined as literals. Everything that reaches SQL goes through `sql` below: values are type-checked and
 * escaped, identifiers are validated against a strict pattern. No other module may build SQL by concatenation.
 */

export type SqlValue = string | number | bigint | boolean | null | Date | readonly SqlValue[];

/** A fragment of SQL that is already safe (built by `sql`, `ident`, `join` or `unsafeRaw`). */
export class Sql {
  /** @internal use the `sql` tag; the constructor is public only for `instanceof`. */
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export class SqlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlValueError';
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** A table, column or database name. Only [A-Za-z_][A-Za-z0-9_]* is accepted, then back-quoted. */
export function ident(name: string): Sql {
  if (!IDENT.test(name)) throw new SqlValueError(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return new Sql('`' + name + '`');
}

/** Escapes a JS string as a ClickHouse single-quoted string literal. */
export function quoteString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + "'";
}

function formatDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new SqlValueError('invalid Date');
  // 'YYYY-MM-DD hh:mm:ss' is what DateTime('UTC') parses on every ClickHouse version we support.
  return quoteString(d.toISOString().slice(0, 19).replace('T', ' '));
}

/** Renders one value as a ClickHouse literal. */
export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new SqlValueError(`non-finite number: ${value}`);
      return Number.isInteger(value) ? value.toFixed(0) : String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? '1' : '0';
    default:
      break;
  }
  if (value instanceof Date) return formatDateTime(value);
  if (Array.isArray(value)) return '[' + (value as readonly SqlValue[]).map(literal).join(', ') + ']';
  throw new SqlValueError(`unsupported SQL value of type ${typeof value}`);
}

/**
 * Tagged template: sql`SELECT * FROM events WHERE token_id = ${id} AND ts >= ${from}`.
 * Interpolated `Sql` fragments are inserted as they are; every other value becomes a literal.
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | Sql)[]): Sql {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += (value instanceof Sql ? value.text : literal(value)) + (strings[i + 1] ?? '');
  });
  return new Sql(text);
}

/** Joins fragments with a separator (e.g. AND-ed filter conditions). */
export function join(parts: readonly Sql[], separator = ', '): Sql {
  return new Sql(parts.map((p) => p.text).join(separator));
}

/**
 * Trusted SQL text written by us, such as migration files read from the repository. Never pass user input.
 */
export function unsafeRaw(text: string): Sql {
  return new Sql(text);
}
