import type { z } from 'zod';
import { badField } from './errors';

/**
 * Cursors are opaque to clients: base64url of the JSON position of the last item of a page. Decoding validates
 * the position with the list's own schema, so a forged cursor is a 400, never a query with odd values.
 */
export function encodeCursor(position: object | undefined): string | null {
  return position === undefined ? null : Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(schema: S, text: string | undefined): z.infer<S> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badField('query.cursor', 'not a cursor returned by this API');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badField('query.cursor', 'not a cursor returned by this API');
  return parsed.data;
}
