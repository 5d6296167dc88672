/**
 * Regenerates packages/schema/json-schema/*.json from the zod schemas (the test in packages/schema fails when they
 * are stale): `node --import tsx scripts/write-json-schemas.ts && npx prettier --write packages/schema/json-schema`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenEventJsonSchemas } from '@tokenwatch/schema';

const dir = join(import.meta.dirname, '..', 'packages', 'schema', 'json-schema');
const schemas = tokenEventJsonSchemas();
writeFileSync(join(dir, 'token-event.schema.json'), JSON.stringify(schemas.tokenEvent, null, 2) + '\n');
writeFileSync(
  join(dir, 'canonical-event-input.schema.json'),
  JSON.stringify(schemas.canonicalEventInput, null, 2) + '\n',
);
