import { readFileSync } from 'node:fs';
import { parseTableauMapping, type TableauMapping } from './tableau-mapping';

/**
 * Reads the operator's Tableau mapping file (TOKENWATCH_TABLEAU_MAPPING) at start-up. Throws an Error naming the
 * file, the field and the reason, so a service fails fast on a bad file instead of mis-reading events later.
 */
export function readTableauMappingFile(path: string): TableauMapping {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Tableau mapping file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseTableauMapping(content);
  if (!parsed.ok) throw new Error(`Tableau mapping file ${path}: ${parsed.field_path}: ${parsed.reason}`);
  return parsed.mapping;
}
