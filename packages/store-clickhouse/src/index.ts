export { createClickHouseEventStore } from './events';
