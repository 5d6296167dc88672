import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '@tokenwatch/config';
import { NotifyEnv, reportingSettings, ReportingEnv } from './env';

describe('webhook and report settings', () => {
  it('reads every knob from the environment', () => {
    const env = loadEnv(ReportingEnv, {
      WEBHOOK_RETRY_BASE: '2s',
      WEBHOOK_RETRY_CAP: '1m',
      WEBHOOK_MAX_ATTEMPTS: '7',
      WEBHOOK_TIMEOUT: '3s',
      WEBHOOK_BATCH_SIZE: '9',
      WEBHOOK_PUBLIC_URL: 'https://tokenwatch.example.com',
      REPORT_MAX_AGE_DAYS: '30',
      REPORTS_DIR: '/var/lib/tokenwatch/reports',
    });
    expect(reportingSettings(env, 'unused')).toEqual({
      dispatcher: {
        retry: { baseDelayMs: 2000, maxDelayMs: 60_000, maxAttempts: 7 },
        timeoutMs: 3000,
        batchSize: 9,
        publicUrl: 'https://tokenwatch.example.com',
      },
      policy: expect.objectContaining({ maxAgeDays: 30, expiringSoonDays: 14 }) as unknown,
      reportsRoot: '/var/lib/tokenwatch/reports',
    });
    expect(env.WEBHOOK_POLL_INTERVAL).toBe(1000);
    expect(env.REPORT_SCHEDULE_INTERVAL).toBe(30_000);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadEnv(NotifyEnv, { WEBHOOK_RETRY_BASE: 'soon' })).toThrow(/WEBHOOK_RETRY_BASE: expected a duration/);
    expect(() => loadEnv(NotifyEnv, { WEBHOOK_PUBLIC_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadEnv(NotifyEnv, { WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });
});
