import { readFileSync } from 'node:fs';
import { ConfigError } from '@tokenwatch/config';
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

/**
 * The TOKENWATCH_TABLEAU_MAPPING setting every process reads (ingest, import, serve): undefined when unset, else
 * the mapping; a bad file is a ConfigError naming the variable, so start-up fails fast.
 */
export function tableauMappingFromSetting(path: string | undefined): TableauMapping | undefined {
  if (!path) return undefined;
  try {
    return readTableauMappingFile(path);
  } catch (error) {
    throw new ConfigError([{ variable: 'TOKENWATCH_TABLEAU_MAPPING', message: (error as Error).message }]);
  }
}
