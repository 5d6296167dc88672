import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenEventJsonSchemas } from './index';

const dir = join(import.meta.dirname, '..', 'json-schema');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;

describe('published JSON Schemas', () => {
  it('match the zod schemas (regenerate: node --import tsx scripts/write-json-schemas.ts)', () => {
    const generated = tokenEventJsonSchemas();
    expect(read('token-event.schema.json')).toEqual(generated.tokenEvent);
    expect(read('canonical-event-input.schema.json')).toEqual(generated.canonicalEventInput);
  });

  it('describe the fields a sender needs', () => {
    const input = tokenEventJsonSchemas().canonicalEventInput as { required: string[]; properties: object };
    expect(input.required.sort()).toEqual(['kind', 'occurred_at', 'token_id']);
    expect(Object.keys(input.properties)).toContain('invoked_by');
  });
});
