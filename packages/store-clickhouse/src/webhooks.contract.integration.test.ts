import {
  describeOutboxStoreContract,
  describeScheduleStoreContract,
  describeWebhookStoreContract,
} from '@tokenwatch/store-contract';
import { clickHouseHarness as harness } from './contract-harness';
import { createClickHouseOutboxStore, createClickHouseScheduleStore, createClickHouseWebhookStore } from './index';

describeWebhookStoreContract('ClickHouse', harness(createClickHouseWebhookStore));
describeOutboxStoreContract('ClickHouse', harness(createClickHouseOutboxStore));
describeScheduleStoreContract('ClickHouse', harness(createClickHouseScheduleStore));
