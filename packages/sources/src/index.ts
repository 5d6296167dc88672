export { normaliseRecord } from './normalise';
export { parseRecordBytes } from './parse';
export { detectSource } from './detect';
export { normaliseInventory, diffInventory, type InventoryContext, type InventoryResult } from './inventory';
export type { NormaliseResult, NormaliseContext } from './result';
export {
  DEFAULT_TABLEAU_MAPPING,
  TableauMappingEntry,
  TableauMappingFile,
  parseTableauMapping,
  type TableauMapping,
} from './tableau-mapping';
export { readTableauMappingFile, tableauMappingFromSetting } from './tableau-mapping-file';
export { splitRecords, type SplitRecord } from './split';
