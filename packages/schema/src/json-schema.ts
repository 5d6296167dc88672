import { z } from 'zod';
import { CanonicalEventInput } from './canonical-input';
import { TokenEvent } from './token-event';

/**
 * JSON Schemas generated from the zod schemas, so the documented format cannot drift from the validated one.
 * `canonicalEventInput` is what senders of the generic format follow; `tokenEvent` is what tokenwatch stores.
 */
export function tokenEventJsonSchemas(): { tokenEvent: unknown; canonicalEventInput: unknown } {
  return {
    tokenEvent: z.toJSONSchema(TokenEvent, { io: 'output', unrepresentable: 'any' }),
    canonicalEventInput: z.toJSONSchema(CanonicalEventInput, { io: 'input', unrepresentable: 'any' }),
  };
}
