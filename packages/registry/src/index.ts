export { applyEventToToken, applyInventorySnapshot, statusAt } from './registry';
