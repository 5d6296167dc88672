export { describeEventStoreContract } from './events-contract';
export { makeEvent, makeFullEvent, makeDeadLetter } from './fixtures';
export type { MakeStore, StoreHarness } from './harness';
