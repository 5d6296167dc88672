import { describe, expect, it } from 'vitest';
import { scheduleCheck } from './scheduled';

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('scheduleCheck', () => {
  it('runs at start and then every interval, one run at a time, and stops', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const check = scheduleCheck({
      name: 't',
      intervalMs: 10,
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, 15));
        concurrent--;
        runs++;
      },
    });
    void check.runNow();
    await until(() => runs >= 3);
    await check.stop();
    const stoppedAt = runs;
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).toBe(stoppedAt);
    expect(maxConcurrent).toBe(1);
  });

  it('skips while inactive (not the partition-0 owner), never runs with interval 0 unless asked, survives errors', async () => {
    let active = false;
    let runs = 0;
    const errors: unknown[] = [];
    const check = scheduleCheck({
      name: 't',
      intervalMs: 0,
      active: () => active,
      run: () => {
        runs++;
        return Promise.reject(new Error('store down'));
      },
      onError: (e) => errors.push(e),
    });
    await check.runNow();
    expect(runs).toBe(0);
    active = true;
    await check.runNow();
    await check.runNow();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(2);
    await check.stop();
  });
});
