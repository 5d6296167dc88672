export { generateMixedRecords, prng, type GeneratedRecord } from './records';
export { testServices, withTestDatabase, uniqueName, type TestServices } from './services';
export { privateClickHouse, type PrivateClickHouse } from './private-clickhouse';
