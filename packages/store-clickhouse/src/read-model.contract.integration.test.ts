import { describeApiKeyStoreContract, describeReadModelContract } from '@tokenwatch/store-contract';
import { clickHouseHarness as harness } from './contract-harness';
import {
  createClickHouseAlertStore,
  createClickHouseApiKeyStore,
  createClickHouseEventStore,
  createClickHouseReadModel,
  createClickHouseTokenRegistry,
} from './index';

describeReadModelContract(
  'ClickHouse',
  harness((db) => ({
    readModel: createClickHouseReadModel(db),
    events: createClickHouseEventStore(db),
    tokens: createClickHouseTokenRegistry(db),
    alerts: createClickHouseAlertStore(db),
  })),
);
describeApiKeyStoreContract('ClickHouse', harness(createClickHouseApiKeyStore));
