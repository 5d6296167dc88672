import { describe, expect, it } from 'vitest';
import { repeatEvery } from './repeat';

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('repeatEvery', () => {
  it('runs at start and then every interval, one run at a time, and stops', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const check = repeatEvery({
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
    const check = repeatEvery({
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

describe('repeatEvery, as a delivery loop', () => {
  it('never overlaps rounds, survives failing rounds, and stop() waits for the round in progress', async () => {
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    const errors: unknown[] = [];
    let finished = 0;
    const loop = repeatEvery({
      name: 'deliveries',
      intervalMs: 1,
      run: async () => {
        running++;
        if (running > 1) overlapped = true;
        rounds++;
        await new Promise((r) => setTimeout(r, 20));
        running--;
        finished++;
        if (rounds % 2 === 0) throw new Error(`round ${rounds} failed`);
      },
      onError: (error) => errors.push(error),
    });
    while (rounds < 6) await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    const after = rounds;
    expect(finished).toBe(rounds); // the round in progress when stop() was called completed
    await new Promise((r) => setTimeout(r, 30));
    expect(rounds).toBe(after); // and none started afterwards
    expect(overlapped).toBe(false);
    expect(errors.length).toBe(Math.floor(rounds / 2));
  });
});
