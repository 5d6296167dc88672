import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, envBoolean, envDuration, envList, loadEnv } from './index';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  CLICKHOUSE_URL: z.url(),
  DEBUG: envBoolean(false),
  BROKERS: envList('localhost:9092'),
  FLUSH_INTERVAL: envDuration('500ms'),
});

describe('loadEnv', () => {
  it('applies defaults and parses typed values', () => {
    const env = loadEnv(schema, {
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      BROKERS: 'a:1, b:2,',
      FLUSH_INTERVAL: '5m',
    });
    expect(env).toEqual({
      PORT: 8080,
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      DEBUG: false,
      BROKERS: ['a:1', 'b:2'],
      FLUSH_INTERVAL: 300_000,
    });
  });

  it('treats empty strings as unset', () => {
    const env = loadEnv(schema, { CLICKHOUSE_URL: 'http://x', PORT: '  ' });
    expect(env.PORT).toBe(8080);
  });

  it('fails fast naming every wrong variable', () => {
    let error: unknown;
    try {
      loadEnv(schema, { PORT: '70000', DEBUG: 'maybe', FLUSH_INTERVAL: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['CLICKHOUSE_URL', 'DEBUG', 'FLUSH_INTERVAL', 'PORT']);
    expect((error as ConfigError).message).toMatch(/FLUSH_INTERVAL: expected a duration/);
  });
});
