import { describe, expect, it } from 'vitest';
import { FlushBuffer } from './flush-buffer';

describe('FlushBuffer', () => {
  it('flushes when full and resolves each add only after its flush', async () => {
    const flushed: number[][] = [];
    const buffer = new FlushBuffer<number>(async (items) => void flushed.push(items), 3, 60_000);
    const a = buffer.add([1, 2]);
    expect(flushed).toEqual([]);
    const b = buffer.add([3]);
    await Promise.all([a, b]);
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('flushes after the wait time when not full', async () => {
    const flushed: number[][] = [];
    const buffer = new FlushBuffer<number>(async (items) => void flushed.push(items), 100, 5);
    await buffer.add([7]);
    expect(flushed).toEqual([[7]]);
  });

  it('rejects every add of a failed flush and keeps working afterwards', async () => {
    let fail = true;
    const buffer = new FlushBuffer<number>(
      async () => {
        if (fail) throw new Error('store down');
      },
      2,
      60_000,
    );
    const results = await Promise.allSettled([buffer.add([1]), buffer.add([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(Promise.all([buffer.add([3]), buffer.add([4])])).resolves.toBeDefined();
  });

  it('runs one flush at a time, in order', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const buffer = new FlushBuffer<string>(
      async (items) => {
        order.push(`start ${items.join()}`);
        if (items[0] === 'a') await gate;
        order.push(`end ${items.join()}`);
      },
      1,
      60_000,
    );
    const first = buffer.add(['a']);
    const second = buffer.add(['b']);
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['start a']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs up to maxConcurrent flushes at once; flush() waits for all of them', async () => {
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const buffer = new FlushBuffer<string>(
      async (items) => {
        order.push(`start ${items.join()}`);
        await new Promise<void>((r) => gates.set(items[0]!, r));
        order.push(`end ${items.join()}`);
      },
      1,
      60_000,
      2,
    );
    const adds = ['a', 'b', 'c'].map((x) => buffer.add([x]));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['start a', 'start b']);
    let drained = false;
    const all = buffer.flush().then(() => (drained = true));
    gates.get('b')!();
    await adds[1];
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['start a', 'start b', 'end b', 'start c']);
    expect(drained).toBe(false);
    gates.get('a')!();
    gates.get('c')!();
    await Promise.all([...adds, all]);
    expect(drained).toBe(true);
  });

  it('resolves an empty add (a batch whose messages were all dropped) with the next flush', async () => {
    const buffer = new FlushBuffer<number>(async () => undefined, 10, 5);
    await expect(buffer.add([])).resolves.toBeUndefined();
  });
});
