export { describeEventStoreContract } from './events-contract';
export { makeEvent, makeFullEvent, makeDeadLetter } from './fixtures';
export type { MakeStore, StoreHarness } from './harness';
export {
  describeWebhookStoreContract,
  describeOutboxStoreContract,
  describeScheduleStoreContract,
  makeSubscription,
  makeOutboxEntry,
  makeSchedule,
} from './webhooks-contract';
export {
  describeAlertStoreContract,
  describeTokenRegistryContract,
  describeSuppressionStoreContract,
  makeAlert,
  makeToken,
} from './analyzer-contract';
export { describeReadModelContract, type ReadModelFixture } from './read-model-contract';
export { describeApiKeyStoreContract, makeApiKey } from './api-keys-contract';
export { describeIpFailureContract } from './ip-failures-contract';
