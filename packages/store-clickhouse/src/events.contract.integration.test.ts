import { describeEventStoreContract, describeIpFailureContract } from '@tokenwatch/store-contract';
import { clickHouseHarness } from './contract-harness';
import { createClickHouseEventStore } from './index';

describeEventStoreContract('ClickHouse', clickHouseHarness(createClickHouseEventStore));
describeIpFailureContract('ClickHouse', clickHouseHarness(createClickHouseEventStore));
