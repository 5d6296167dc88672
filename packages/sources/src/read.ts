/** Defensive readers for untrusted JSON: nothing here throws except `reject`, which normaliseRecord catches. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a record cannot become an event: which field, and why. Thrown inside normalisers, caught at the edge. */
export class RecordRejected extends Error {
  constructor(
    readonly field_path: string,
    readonly reason: string,
  ) {
    super(`${field_path}: ${reason}`);
  }
}

export function reject(field_path: string, reason: string): never {
  throw new RecordRejected(field_path, reason);
}

/** Own property only: a record with `__proto__` or `constructor` keys must not reach into prototypes. */
export function get(obj: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Non-empty trimmed text; numbers (Tableau ids are sometimes ints) become their decimal text. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const t = value.trim();
    return t.length > 0 ? t : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The first key of `keys` holding text, with the key it came from. */
export function firstText(obj: Obj, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = text(get(obj, key));
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/** Text or reject naming the field: the field is present but has the wrong type. */
export function optionalText(obj: Obj, key: string, path = key): string | undefined {
  const value = get(obj, key);
  if (value === undefined || value === null) return undefined;
  const t = text(value);
  if (t === undefined && typeof value !== 'string') reject(path, `expected text, got ${describe(value)}`);
  return t;
}

export function requiredText(obj: Obj, key: string, path = key): string {
  const value = optionalText(obj, key, path);
  if (value === undefined) reject(path, 'required field is missing or empty');
  return value;
}

export function optionalObj(obj: Obj, key: string, path = key): Obj | undefined {
  const value = get(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) reject(path, `expected an object, got ${describe(value)}`);
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

/** Cuts optional text to a schema limit: an over-long user agent is still worth keeping (raw has it whole). */
export function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return value.length <= max ? value : value.slice(0, max - 1) + '…';
}
