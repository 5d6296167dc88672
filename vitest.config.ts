import { defineConfig } from 'vitest/config';

// Two projects: `unit` never touches a service; `integration` talks to the real Kafka, ClickHouse and DuckDB
// that scripts/services.sh starts (CLICKHOUSE_URL / KAFKA_BROKERS point at them).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Generous: the machine is shared with Kafka and ClickHouse; speed is measured by bench/, not here.
          testTimeout: 30_000,
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'packages/*/src/**/*.integration.test.ts',
            'services/*/src/**/*.integration.test.ts',
            'test/**/*.integration.test.ts',
          ],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // The services are shared; keep heavy suites from starving each other on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
