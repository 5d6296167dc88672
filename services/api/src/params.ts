import { z } from 'zod';

/** Epoch milliseconds or an ISO-8601 date-time, as a query parameter. */
export const TimeParam = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = /^\d{1,16}$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
    if (!Number.isSafeInteger(ms) || ms < 0 || ms > 7258118400000) {
      ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO-8601 date-time (before 2200)' });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: 'epoch milliseconds or ISO-8601 date-time (UTC unless an offset is given)' });

export const LimitParam = (defaultValue: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(defaultValue)
    .meta({ description: `page size, 1…${max}` });

export const CursorParam = z.string().max(1024).optional().meta({ description: 'next_cursor of the previous page' });

/** A comma-separated list of enum values ("open,acknowledged"). */
export const EnumListParam = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(1024)
    .transform((text, ctx) => {
      const items = text.split(',').map((s) => s.trim());
      const bad = items.filter((i) => !(values as readonly string[]).includes(i));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown value(s) ${bad.join(', ')}; expected ${values.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(items)] as T[number][];
    })
    .meta({ description: `comma-separated, any of: ${values.join(', ')}` });

/** Identifiers in paths: printable, bounded. */
export const IdParam = (max: number) => z.string().min(1).max(max);

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });
