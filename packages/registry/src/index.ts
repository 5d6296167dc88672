export { applyEventToToken, applyInventorySnapshot, statusAt } from './registry';
export {
  isBatchTokenId,
  batchScopeOf,
  batchCovers,
  expandBatchRevocation,
  removedOwnerOf,
  type BatchScope,
} from './batch';
