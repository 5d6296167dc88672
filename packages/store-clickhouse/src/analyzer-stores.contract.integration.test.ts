import {
  describeAlertStoreContract,
  describeSuppressionStoreContract,
  describeTokenRegistryContract,
} from '@tokenwatch/store-contract';
import { clickHouseHarness as harness } from './contract-harness';
import { createClickHouseAlertStore, createClickHouseSuppressionStore, createClickHouseTokenRegistry } from './index';

describeAlertStoreContract('ClickHouse', harness(createClickHouseAlertStore));
describeTokenRegistryContract('ClickHouse', harness(createClickHouseTokenRegistry));
describeSuppressionStoreContract('ClickHouse', harness(createClickHouseSuppressionStore));
